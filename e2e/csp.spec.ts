import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";
import { read } from "./reader-cache";

// Every page carries one Content-Security-Policy that allows no inline script but Next's own:
// pages rendered per request by nonce (proxy.ts); cached reader pages carry no script at all and
// let none run (lib/cache/plain-html.mjs), except a cached 404, which lists the hashes of the
// scripts it holds (the cache handler, lib/cache/csp.mjs). Browsers enforce every policy a
// response carries, so there must be exactly one.

const BASE = process.env.E2E_BASE_URL ?? "http://localhost:3100";
// A demo story no spec changes.
const STORY = "/asia/typhoon-halden-floods-kestrel-delta";

function scriptSources(policy: string): string {
  return policy.split(";").map((directive) => directive.trim()).find((directive) => directive.startsWith("script-src")) ?? "";
}

function expectSecurityHeaders(headers: Headers, url: string) {
  const policy = headers.get("content-security-policy") ?? "";
  expect(policy, `${url} has a Content-Security-Policy`).not.toBe("");
  expect(policy.match(/default-src/g), `${url} has exactly one policy`).toHaveLength(1);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(scriptSources(policy)).not.toContain("unsafe-inline");
  expect(scriptSources(policy)).not.toContain("unsafe-eval");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("x-frame-options")).toBe("DENY");
  return policy;
}

/** Collects CSP violations the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
    });
  });
  return violations;
}

test.describe("for anyone", () => {
  test("reader pages served from the cache carry no script and a policy that runs none, a cached 404 a hash policy, sign-in a nonce policy", async () => {
    for (const path of [STORY, "/", "/asia"]) {
      await read(BASE + path);
      const response = await read(BASE + path);
      const policy = expectSecurityHeaders(response.headers, path);
      expect(scriptSources(policy), path).toBe("script-src 'none'");
      // No script element but data blocks (the story's JSON-LD), and nothing that preloads one.
      expect(response.body.match(/<script\b[^>]*>/g)?.filter((tag) => !tag.includes("application/ld+json")) ?? [], path).toEqual([]);
      expect(response.body, path).not.toMatch(/<link[^>]+(modulepreload|as="script")/);
    }
    await read(`${BASE}/no-such-section`);
    const missing = await read(`${BASE}/no-such-section`);
    expect(missing.status).toBe(404);
    expect(scriptSources(expectSecurityHeaders(missing.headers, "/no-such-section")), "the hashes of its inline scripts").toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
    const login = await read(`${BASE}/login`);
    const policy = expectSecurityHeaders(login.headers, "/login");
    const nonce = /'nonce-([^']+)'/.exec(scriptSources(policy))?.[1];
    expect(nonce, "a nonce").toBeTruthy();
    expect(scriptSources(policy)).toContain("'strict-dynamic'");
    expect(login.body).toContain(`nonce="${nonce}"`);
    // Each request gets its own.
    expect(expectSecurityHeaders((await read(`${BASE}/login`)).headers, "/login")).not.toBe(policy);
    // So does every other page rendered per request.
    for (const path of ["/search?q=flood", "/corrections"]) {
      const response = await read(BASE + path);
      expect(response.status, path).toBe(200);
      const perRequest = scriptSources(expectSecurityHeaders(response.headers, path));
      expect(perRequest, path).toContain("'nonce-");
      expect(perRequest, path).not.toContain("'sha256-");
    }
  });

  test("a cached story page and the sign-in page run without a single violation", async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(STORY);
    await page.reload();
    await expect(page.getByRole("article").getByRole("heading", { level: 1 })).toBeVisible();
    // A plain page: no framework runtime was loaded (it keeps its flight data in self.__next_f).
    expect(await page.evaluate(() => "__next_f" in self)).toBe(false);
    // A navigation to a nonce page, then its form.
    await page.getByRole("link", { name: "Your account" }).click();
    await expect(page.getByLabel("Email")).toBeVisible();
    await page.getByLabel("Email").fill("nobody@example.org");
    expect(violations).toEqual([]);
  });

  test("an inline script slipped into a cached page, or into a nonce page without its nonce, does not run", async ({ page }) => {
    const violations = await watchViolations(page);
    for (const path of [STORY, "/login"]) {
      await page.route(`**${path}`, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace("</body>", '<script>window.pwned=1</script><script nonce="guessed">window.pwned=2</script></body>');
        const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !["content-length", "content-encoding"].includes(name)));
        await route.fulfill({ status: response.status(), headers, body: html });
      });
      await page.goto(path);
      await page.waitForLoadState("load");
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), path).toBeUndefined();
      // The sign-in page's own scripts did run: Next's runtime is there. The story page has none.
      if (path === "/login") await expect.poll(() => page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);
      await page.unrouteAll();
    }
    expect(violations.filter((text) => text.startsWith("script-src")).length).toBeGreaterThanOrEqual(4);
  });
});

test.describe("for an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("the desk editor and a cached reader page work under the policy without a violation", async ({ page }) => {
    const violations = await watchViolations(page);
    const desk = await page.goto("/desk/stories/new");
    expectSecurityHeaders(new Headers((await desk!.allHeaders()) as Record<string, string>), "/desk/stories/new");
    await page.getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.type("Typing in the editor under a strict policy.");
    await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Typing in the editor");
    await page.goto(STORY);
    // The cached page is the same for everyone; the account page (a nonce page) says who is signed in.
    await page.getByRole("link", { name: "Your account" }).click();
    await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(violations).toEqual([]);
  });
});
