import { afterEach, describe, expect, it, vi } from "vitest";

import { reloadEnv } from "@/lib/env.mjs";
import { absoluteUrl, siteUrl } from "@/lib/site";

/** Sets a variable as the environment the app starts with (lib/env.mjs reads it once). */
function startWith(name: string, value: string): void {
  vi.stubEnv(name, value);
  reloadEnv();
}

afterEach(() => {
  vi.unstubAllEnvs();
  reloadEnv();
});

describe("siteUrl", () => {
  it("is localhost on the app's port when NEWSDESK_SITE_URL is not set", () => {
    startWith("NEWSDESK_SITE_URL", "");
    startWith("PORT", "4123");
    expect(siteUrl()).toBe("http://localhost:4123");
    startWith("PORT", "");
    expect(siteUrl()).toBe("http://localhost:3000");
  });

  it("uses NEWSDESK_SITE_URL without its trailing slash", () => {
    startWith("NEWSDESK_SITE_URL", "https://news.example.org/");
    expect(siteUrl()).toBe("https://news.example.org");
    expect(absoluteUrl("/world/a-story")).toBe("https://news.example.org/world/a-story");
    expect(absoluteUrl("world")).toBe("https://news.example.org/world");
    expect(absoluteUrl("https://cdn.example/x.jpg")).toBe("https://cdn.example/x.jpg");
    startWith("NEWSDESK_SITE_URL", "https://other.example");
    expect(absoluteUrl("/")).toBe("https://other.example/");
  });

  it("refuses an address that is not http(s)", () => {
    startWith("NEWSDESK_SITE_URL", "javascript:alert(1)");
    expect(() => siteUrl()).toThrow(/NEWSDESK_SITE_URL/);
    startWith("NEWSDESK_SITE_URL", "news.example.org");
    expect(() => siteUrl()).toThrow(/NEWSDESK_SITE_URL/);
  });
});
