// Stories the editor-rail specs open in the desk: each spec's own, in World.

import { randomUUID } from "node:crypto";

import { expect, type Page } from "@playwright/test";

import { db } from "@/lib/db";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";

import { assertLocalDatabase } from "./seed";

export const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

/** A story of this spec's own in World, by Newshub Editorial unless told otherwise. */
export async function makeRailStory(options: { headline?: string; status?: StoryStatus; content?: unknown[]; bylines?: boolean; scheduledFor?: Date } = {}) {
  assertLocalDatabase();
  const stamp = randomUUID().slice(0, 8);
  const body = parseStoryDocument({ type: "doc", content: options.content ?? [paragraph("The harbour wall held through the night.")] });
  const section = await db.section.findUniqueOrThrow({ where: { slug: "world" }, select: { id: true } });
  const byline = await db.byline.findUniqueOrThrow({ where: { slug: "newshub-editorial" }, select: { id: true } });
  const story = await db.story.create({
    data: {
      slug: `rail-${stamp}`,
      headline: options.headline ?? `Harbour wall holds ${stamp}`,
      body: body as object,
      bodyText: documentToPlainText(body),
      status: options.status ?? "IN_REVIEW",
      scheduledFor: options.scheduledFor ?? null,
      sectionId: section.id,
      ...(options.bylines === false ? {} : { bylines: { create: [{ bylineId: byline.id, position: 0 }] } }),
    },
    select: { id: true, slug: true, headline: true },
  });
  return story;
}

export async function openStory(page: Page, id: string) {
  await page.goto(`/desk/stories/${id}`);
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  await expect(page.getByLabel("Headline")).toBeEnabled();
  // A live story's editor takes over from the drawn body once its live document has synced
  // (docs/desk.md, "Co-editing"): its toolbar says so.
  if ((await page.getByRole("textbox", { name: "Body" }).getAttribute("contenteditable")) === "true") {
    await expect(page.getByTestId("body-toolbar")).toBeVisible();
  }
}

