// Live co-editing (docs/desk.md, "Co-editing"): two people in one story on two app instances,
// typing in the same paragraph at the same moment and in the text fields (the standfirst, the
// rail's dateline place); and a reader's connection refused by the server. Three people:
// co-editing-three.spec.ts; a real network drop: co-editing-drop.spec.ts.

import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { COLLAB_REFUSALS } from "@/lib/collab/protocol";
import { COLLAB_LIVE } from "@/lib/collab/sentences";
import { connectCollab } from "@/tests/integration/collab-client";

import { storageStateFor } from "./fixtures";

const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

async function newStory(page: Page, headline: string): Promise<string> {
  await page.goto("/desk/stories/new");
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.type("The harbour opened at dawn.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

function cookieHeader(role: "reader"): string {
  const state = JSON.parse(readFileSync(storageStateFor(role), "utf8")) as { cookies: Array<{ name: string; value: string }> };
  return state.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

test("two people on two instances type in one paragraph at once and hold the same story", async ({ browser }) => {
  expect(SECOND, "scripts/e2e.ts starts a second instance (E2E_SECOND_BASE_URL)").not.toBe(FIRST);
  const editorContext = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: FIRST });
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin"), baseURL: SECOND });
  const editor = await editorContext.newPage();
  const admin = await adminContext.newPage();

  const id = await newStory(editor, `Live story ${Date.now()}`);
  // A story goes live when it is opened (the editor that created it stays as it was).
  await editor.goto(`/desk/stories/${id}`);
  await admin.goto(`/desk/stories/${id}`);
  await expect(editor.getByText(COLLAB_LIVE)).toBeVisible();
  await expect(admin.getByText(COLLAB_LIVE)).toBeVisible();
  // Who else is in the story, by name.
  await expect(editor.getByTestId("live-status")).toContainText("Ada Admin");
  await expect(admin.getByTestId("live-status")).toContainText("Marguerite Vell");

  // Both in the one paragraph (one at its start, one at its end), typing at the same moment.
  const editorBody = editor.getByRole("textbox", { name: "Body" });
  const adminBody = admin.getByRole("textbox", { name: "Body" });
  await editorBody.locator("p").first().click();
  await editor.keyboard.press("Home");
  await adminBody.locator("p").first().click();
  await admin.keyboard.press("End");
  await Promise.all([editor.keyboard.type("Ferries resumed. "), admin.keyboard.type(" Fishing boats followed.")]);
  for (const body of [editorBody, adminBody]) {
    await expect(body).toContainText("Ferries resumed.");
    await expect(body).toContainText("Fishing boats followed.");
  }
  // The same document in both (others' carets, drawn with their names, left out).
  const text = (page: Page) =>
    page.getByRole("textbox", { name: "Body" }).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
      return copy.textContent;
    });
  await expect.poll(async () => (await text(editor)) === (await text(admin))).toBe(true);

  // The standfirst is live too (a network drop: e2e/co-editing-drop.spec.ts).
  await editor.getByLabel("Standfirst").fill("Written by one, seen by the other.");
  await expect(admin.getByLabel("Standfirst")).toHaveValue("Written by one, seen by the other.");
  // And so is every text field of the rail: the dateline place shows for the other as it is typed.
  await editor.getByLabel("Dateline place", { exact: true }).pressSequentially("SEOUL");
  await expect(admin.getByLabel("Dateline place", { exact: true })).toHaveValue("SEOUL");

  // What both hold is what is stored: a fresh page shows it.
  await expect(editor.getByText(/^Autosaved at/)).toBeVisible();
  await editor.reload();
  await expect(editor.getByRole("textbox", { name: "Body" })).toHaveText("Ferries resumed. The harbour opened at dawn. Fishing boats followed.");
  await editorContext.close();
  await adminContext.close();
});

test("a reader's connection to a story is refused", async () => {
  const url = `${FIRST.replace(/^http/, "ws")}/collab`;
  const board = await fetch(`${FIRST}/`);
  expect(board.ok).toBe(true);
  // Any story will do: a reader may not join one.
  const storyId = "00000000-0000-4000-8000-000000000000";
  const client = connectCollab(url, storyId, { cookie: cookieHeader("reader"), reconnect: false });
  try {
    await expect.poll(() => client.refusal()).toBe(COLLAB_REFUSALS.forbidden);
    expect(client.doc.getText("headline").toString()).toBe("");
  } finally {
    client.destroy();
  }
});
