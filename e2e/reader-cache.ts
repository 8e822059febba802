// Helpers for the reader-cache specs (freshness.spec.ts, nginx.spec.ts): a story made and changed
// through the desk like an editor would, and readers' requests made straight over HTTP so each
// response's cache headers and timing are plain to see.

import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { storageStateFor, type DemoRole } from "./fixtures";

/** The freshness promise: a change is on every reader page within this long of the desk confirming it. */
export const FRESH_WITHIN_MS = 2000;

export interface ReaderResponse {
  status: number;
  body: string;
  headers: Headers;
}

export async function read(url: string, init: RequestInit = {}): Promise<ReaderResponse> {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * Polls until `check` holds and returns how long after `since` it first did. Keeps polling a while
 * past the limit, so a failure says how late the change was rather than just "too late".
 */
export async function msUntil(what: string, check: () => Promise<boolean>, since: number, limitMs = FRESH_WITHIN_MS, explain?: () => Promise<string>): Promise<number> {
  const giveUpAt = since + limitMs + 8000;
  for (;;) {
    if (await check()) return Date.now() - since;
    if (Date.now() > giveUpAt) {
      const seen = explain ? `; ${await explain().catch((error: unknown) => `(no explanation: ${String(error)})`)}` : "";
      throw new Error(`${what}: still not there ${Date.now() - since} ms after the change${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * What each layer answers for `path` now, for a failure message: nginx (when given) and both app
 * instances straight, with the cache headers that say where the answer came from.
 */
export async function describeAnswers(path: string, text: string, nginx?: string, init: RequestInit = {}): Promise<string> {
  const origins = [
    ["nginx", nginx],
    ["app", process.env.E2E_BASE_URL],
    ["app 2", process.env.E2E_SECOND_BASE_URL],
  ] as const;
  const lines: string[] = [];
  for (const [name, origin] of origins) {
    if (!origin) continue;
    const answer = await read(origin + path, init);
    const h = (header: string) => answer.headers.get(header) ?? "-";
    lines.push(
      `${name}: ${answer.status}, ${answer.body.includes(text) ? "has" : "lacks"} the text, etag ${h("etag")}, x-cache-status ${h("x-cache-status")}, x-nextjs-cache ${h("x-nextjs-cache")}, age ${h("age")}`,
    );
  }
  return lines.join("; ");
}

/** Checks a change reached every URL within the promise, and records the times in the report. */
export async function expectFreshWithin(
  label: string,
  checks: Record<string, () => Promise<boolean>>,
  since: number,
  explain?: Record<string, () => Promise<string>>,
): Promise<void> {
  const times = await Promise.all(
    Object.entries(checks).map(async ([what, check]) => [what, await msUntil(`${label}: ${what}`, check, since, FRESH_WITHIN_MS, explain?.[what])] as const),
  );
  for (const [what, ms] of times) {
    const line = `${label}: ${what} after ${ms} ms`;
    console.log(`[freshness] ${line}`);
    test.info().annotations.push({ type: "freshness", description: line });
    expect(ms, `${label}: ${what} took ${ms} ms`).toBeLessThan(FRESH_WITHIN_MS);
  }
}

/** A Cookie header with a role's signed-in session, for requests made outside the browser. */
export function sessionCookieHeader(role: DemoRole): string {
  const state = JSON.parse(readFileSync(storageStateFor(role), "utf8")) as { cookies: Array<{ name: string; value: string }> };
  return state.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/** Writes a story in the desk (Opinion: no other spec publishes there, so its page is ours alone) and saves it. */
export async function writeStory(page: Page, headline: string): Promise<{ id: string; path: string }> {
  await page.goto("/desk/stories/new");
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Section").selectOption({ label: "Opinion" });
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.type("A story written to watch the reader cache.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").at(-1)!;
  const slug = await page.getByLabel("Slug").inputValue();
  return { id, path: `/opinion/${slug}` };
}

/** Runs a workflow action (Publish, Unpublish) in the open editor; resolves when the desk confirms it. */
export async function runAction(page: Page, action: "Publish" | "Unpublish"): Promise<number> {
  await page.getByRole("button", { name: action, exact: true }).click();
  // Publishing goes through the pre-publish check first (no problems, or warnings only, here).
  if (action === "Publish") await page.getByRole("dialog").getByRole("button", { name: /^Publish (now|anyway)$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: `${action}: done.` })).toBeVisible();
  return Date.now();
}

/** Changes the headline in the open editor and saves; resolves when the desk confirms the save. */
export async function saveHeadline(page: Page, headline: string): Promise<number> {
  await page.getByLabel("Headline").fill(headline);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  return Date.now();
}
