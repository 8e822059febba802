// Live co-editing (docs/desk.md, "Co-editing"): two people in one story on two app instances,
// typing in the same paragraph at the same moment and in the text fields (the standfirst, the
// rail's dateline place); a reader's connection refused by the server; the reporter of a published
// story watching it live, read-only; a caret moved just before someone else's change arrives
// staying where it was moved; a headline changed before the live document arrived. Three people:
// co-editing-three.spec.ts; a real network drop: co-editing-drop.spec.ts.

import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import * as encoding from "lib0/encoding";
import * as Y from "yjs";

import { COLLAB_REFUSALS, documentNameOf } from "@/lib/collab/protocol";
import { COLLAB_LIVE, COLLAB_READ_ONLY_LIVE, COLLAB_RIGHTS_CHANGED } from "@/lib/collab/sentences";
import { loadLiveState } from "@/lib/collab/store";
import { db } from "@/lib/db";
import { connectCollab } from "@/tests/integration/collab-client";

import { bodyOf, caretAt, makeReporterDraft, openLive } from "./co-editing";
import { runAction } from "./reader-cache";
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

test.afterAll(async () => {
  await db.$disconnect();
});

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

test("the reporter of a published story watches it live, read-only: typing and notes arrive without a reload", async ({ browser }) => {
  const story = await makeReporterDraft("The harbour opened at dawn.", { status: "PUBLISHED" });
  const reporterContext = await browser.newContext({ storageState: storageStateFor("reporter"), baseURL: SECOND });
  const editorContext = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: FIRST });
  try {
    const reporter = await reporterContext.newPage();
    const editor = await editorContext.newPage();
    await reporter.goto(`/desk/stories/${story.id}`);
    await expect(reporter.getByText(COLLAB_READ_ONLY_LIVE)).toBeVisible();
    await openLive(editor, story.id);
    // Each sees the other; the editor sees that she is only reading.
    await expect(editor.getByTestId("live-status")).toContainText("Ines Harrow (reading)");
    await expect(reporter.getByTestId("live-status")).toContainText("Marguerite Vell");

    // Her body takes no typing.
    await expect(bodyOf(reporter)).toHaveAttribute("contenteditable", "false");
    await bodyOf(reporter).click();
    await reporter.keyboard.type("Not mine to change. ");
    await expect(bodyOf(reporter)).toHaveText("The harbour opened at dawn.");

    // The editor's typing reaches her page as it is typed.
    await caretAt(editor, "end");
    await editor.keyboard.type(" Ferries resumed.");
    await expect(bodyOf(reporter)).toHaveText("The harbour opened at dawn. Ferries resumed.");

    // So does the editor's note on it, in her rail.
    await expect(async () => {
      await bodyOf(editor).click();
      await editor.keyboard.press("Control+End");
      for (let i = 0; i < "resumed.".length; i += 1) await editor.keyboard.press("Shift+ArrowLeft");
      expect(await editor.evaluate(() => document.getSelection()?.toString())).toBe("resumed.");
    }).toPass();
    await editor.keyboard.press("Control+Alt+m");
    await editor.getByLabel("Note on “resumed.”").fill("Which ferries? Name the line.");
    await editor.getByRole("button", { name: "Save note" }).click();
    await expect(reporter.getByRole("list", { name: "Open notes" })).toContainText("Which ferries? Name the line.");
    await expect(bodyOf(reporter).locator("mark.editorial-note")).toHaveText("resumed.");
    // Still read-only, still live.
    await expect(reporter.getByText(COLLAB_READ_ONLY_LIVE)).toBeVisible();
    await expect(bodyOf(editor)).toHaveText("The harbour opened at dawn. Ferries resumed.");

    // The editor unpublishes it: hers to write again. Her page, made for watching, says so, and a
    // reload gives her the live editor.
    await runAction(editor, "Unpublish");
    await expect(reporter.getByTestId("live-status")).toContainText(COLLAB_RIGHTS_CHANGED);
    await reporter.getByTestId("live-status").getByRole("button", { name: "Reload" }).click();
    await expect(reporter.getByText(COLLAB_LIVE)).toBeVisible();
    await expect(bodyOf(reporter)).toHaveAttribute("contenteditable", "true");
    await expect(editor.getByTestId("live-status")).toContainText("Ines Harrow");
    await expect(editor.getByTestId("live-status")).not.toContainText("(reading)");
  } finally {
    await reporterContext.close();
    await editorContext.close();
  }
});

test("a caret moved a moment before someone else's change arrives stays where it was moved", async ({ browser }) => {
  const story = await makeReporterDraft("The harbour opened at dawn.");
  const context = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: FIRST });
  // The page's WebSockets, kept where the test can hand the live one a message as if the server sent it.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { liveSockets: WebSocket[] }).liveSockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  try {
    const page = await context.newPage();
    await openLive(page, story.id);
    // The caret at the paragraph's start, as the editor has it.
    await bodyOf(page).locator("p").first().click();
    await page.keyboard.press("Home");
    await expect
      .poll(() => page.evaluate(() => (document.getElementById("story-body-editor") as unknown as { editor: { state: { selection: { head: number } } } }).editor.state.selection.head))
      .toBe(1);

    // Someone else's change, made on a copy of the live document: a word at the paragraph's start.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await loadLiveState(story.id))!);
    let update: Uint8Array | null = null;
    copy.on("update", (bytes: Uint8Array) => (update = bytes));
    ((copy.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Today: ");
    const message = encoding.createEncoder();
    encoding.writeVarString(message, documentNameOf(story.id));
    encoding.writeVarUint(message, 0); // Sync
    encoding.writeVarUint(message, 2); // an update
    encoding.writeVarUint8Array(message, update!);

    // The End key as far as the page goes (its selection moved; the editor reads it at the next
    // "selectionchange" event), and the change arriving before that event.
    const offset = await page.evaluate((bytes) => {
      const paragraph = document.querySelector("#story-body-editor p")!;
      const text = [...paragraph.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).at(-1)!;
      window.getSelection()!.collapse(text, text.textContent!.length);
      const socket = (window as unknown as { liveSockets: WebSocket[] }).liveSockets.find((candidate) => candidate.url.endsWith("/collab"))!;
      socket.dispatchEvent(new MessageEvent("message", { data: new Uint8Array(bytes).buffer }));
      const before = document.createRange();
      before.setStart(paragraph, 0);
      const selection = window.getSelection()!;
      before.setEnd(selection.focusNode!, selection.focusOffset);
      return before.toString().length;
    }, [...encoding.toUint8Array(message)]);
    expect(offset).toBe("Today: The harbour opened at dawn.".length);
    // And typing goes there.
    await page.keyboard.type(" Ferries followed.");
    await expect(bodyOf(page)).toHaveText("Today: The harbour opened at dawn. Ferries followed.");
  } finally {
    await context.close();
  }
});

test("a headline changed before the live document arrives replaces the old one in it", async ({ browser }) => {
  const story = await makeReporterDraft("The harbour opened at dawn.");
  const { headline: before } = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true } });
  const after = `Ferries return ${story.id.slice(0, 8)}`;
  const context = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: FIRST });
  try {
    const page = await context.newPage();
    // The server's answers on the live connection are held until the headline has been changed:
    // the page has the form, and its live document is still empty.
    const held: Array<{ send: () => void }> = [];
    let holding = true;
    await page.routeWebSocket(/\/collab$/, (socket) => {
      const server = socket.connectToServer();
      server.onMessage((message) => {
        if (holding) held.push({ send: () => socket.send(message) });
        else socket.send(message);
      });
    });
    await page.goto(`/desk/stories/${story.id}`);
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeEnabled();
    await expect(page.getByText(COLLAB_LIVE)).toBeHidden();
    const headline = page.getByLabel("Headline", { exact: true });
    await expect(headline).toHaveValue(before);
    await headline.fill(after);

    holding = false;
    for (const message of held.splice(0)) message.send();
    await expect(page.getByText(COLLAB_LIVE)).toBeVisible();
    await expect(headline).toHaveValue(after);
    // The live document, and with it the story, holds the new headline alone.
    await expect.poll(async () => (await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true } })).headline).toBe(after);
    const fresh = await context.newPage();
    await openLive(fresh, story.id);
    await expect(fresh.getByLabel("Headline", { exact: true })).toHaveValue(after);
  } finally {
    await context.close();
  }
});
