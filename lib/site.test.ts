import { afterEach, describe, expect, it, vi } from "vitest";

import { absoluteUrl, siteUrl } from "@/lib/site";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("siteUrl", () => {
  it("is localhost on the app's port when NEWSDESK_SITE_URL is not set", () => {
    vi.stubEnv("NEWSDESK_SITE_URL", "");
    vi.stubEnv("PORT", "4123");
    expect(siteUrl()).toBe("http://localhost:4123");
    vi.stubEnv("PORT", "");
    expect(siteUrl()).toBe("http://localhost:3000");
  });

  it("uses NEWSDESK_SITE_URL without its trailing slash, read on every call", () => {
    vi.stubEnv("NEWSDESK_SITE_URL", "https://news.example.org/");
    expect(siteUrl()).toBe("https://news.example.org");
    expect(absoluteUrl("/world/a-story")).toBe("https://news.example.org/world/a-story");
    expect(absoluteUrl("world")).toBe("https://news.example.org/world");
    expect(absoluteUrl("https://cdn.example/x.jpg")).toBe("https://cdn.example/x.jpg");
    vi.stubEnv("NEWSDESK_SITE_URL", "https://other.example");
    expect(absoluteUrl("/")).toBe("https://other.example/");
  });

  it("refuses an address that is not http(s)", () => {
    vi.stubEnv("NEWSDESK_SITE_URL", "javascript:alert(1)");
    expect(() => siteUrl()).toThrow(/NEWSDESK_SITE_URL/);
    vi.stubEnv("NEWSDESK_SITE_URL", "news.example.org");
    expect(() => siteUrl()).toThrow(/NEWSDESK_SITE_URL/);
  });
});
