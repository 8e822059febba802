// What the co-editing specs share (docs/desk.md, "Co-editing"): a reporter's draft written
// straight into the run's database, a person opening it live, and the body's text as the person
// reads it.

import { randomUUID } from "node:crypto";

import { expect, type Page } from "@playwright/test";

import { COLLAB_LIVE } from "@/lib/collab/sentences";
import { db } from "@/lib/db";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";

import { demoEmail } from "./fixtures";
import { assertLocalDatabase } from "./seed";

/**
 * The demo reporter's own draft (created by her, under her byline) in World, one paragraph long;
 * or, with `status: "PUBLISHED"`, her published story (hers to see in the desk, not to change).
 */
export async function makeReporterDraft(text: string, options: { status?: "DRAFT" | "PUBLISHED" } = {}): Promise<{ id: string }> {
  assertLocalDatabase();
  const stamp = randomUUID().slice(0, 8);
  const body = parseStoryDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
  const [section, byline, reporter] = await Promise.all([
    db.section.findUniqueOrThrow({ where: { slug: "world" }, select: { id: true } }),
    db.byline.findUniqueOrThrow({ where: { slug: "ines-harrow" }, select: { id: true } }),
    db.user.findUniqueOrThrow({ where: { email: demoEmail("reporter") }, select: { id: true } }),
  ]);
  return db.story.create({
    data: {
      slug: `live-${stamp}`,
      headline: `Harbour reopens ${stamp}`,
      body: body as object,
      bodyText: documentToPlainText(body),
      status: options.status ?? "DRAFT",
      ...(options.status === "PUBLISHED" ? { publishedAt: new Date(), firstPublishedAt: new Date() } : {}),
      sectionId: section.id,
      createdById: reporter.id,
      bylines: { create: [{ bylineId: byline.id, position: 0 }] },
    },
    select: { id: true },
  });
}

/** Opens the story in the desk and waits until its live document is synced. */
export async function openLive(page: Page, storyId: string): Promise<void> {
  await page.goto(`/desk/stories/${storyId}`);
  await expect(page.getByText(COLLAB_LIVE)).toBeVisible();
  await expect(page.getByTestId("body-toolbar")).toBeVisible();
}

export const bodyOf = (page: Page) => page.getByRole("textbox", { name: "Body" });

/** The body's text (others' carets, drawn with their names, hold no text: components/editor/live-carets.ts). */
export function bodyText(page: Page): Promise<string | null> {
  return bodyOf(page).textContent();
}

/**
 * Puts the person's caret in the body's first paragraph, `offset` characters in (or at its end),
 * as a person would, and again until the page's caret is there (others' carets, drawn in the same
 * line, hold no text, so the characters before it count only the story's).
 */
export async function caretAt(page: Page, offset: number | "end"): Promise<void> {
  const paragraph = bodyOf(page).locator("p").first();
  await expect(async () => {
    await paragraph.click();
    await page.keyboard.press(offset === "end" ? "End" : "Home");
    if (offset !== "end") for (let i = 0; i < offset; i += 1) await page.keyboard.press("ArrowRight");
    const [at, length] = await paragraph.evaluate((element) => {
      const selection = window.getSelection();
      if (!selection?.focusNode || !element.contains(selection.focusNode)) return [-1, 0];
      const before = document.createRange();
      before.setStart(element, 0);
      before.setEnd(selection.focusNode, selection.focusOffset);
      return [before.toString().length, element.textContent?.length ?? 0];
    });
    expect(at).toBe(offset === "end" ? length : offset);
  }).toPass();
}

/** The story's stored body text (written from the live document a moment after typing stops). */
export async function storedBodyText(storyId: string): Promise<string> {
  const story = await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { bodyText: true } });
  return story.bodyText;
}
