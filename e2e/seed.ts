// Fixtures the end-to-end specs write straight into their database (scripts/e2e.ts gives
// Playwright its own throw-away embedded PostgreSQL as DATABASE_URL), through the app's own code:
// the document allow-list for bodies, and the reader cache told afterwards, as the desk would.

import { randomUUID } from "node:crypto";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { sectionTag, slugTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import type { CommentPolicy } from "@/lib/generated/prisma/enums";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { storyHref } from "@/lib/stories/queries";

/** Refuses to write to anything but the run's own local database. */
export function assertLocalDatabase(): void {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests through scripts/e2e.ts, which gives Playwright its database.");
  if (!["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname)) throw new Error("Refusing to seed a database that is not local.");
}

export interface TestStory {
  id: string;
  slug: string;
  headline: string;
  href: string;
}

/** Where specs' own stories go: Opinion, whose comments never close by age. */
export const TEST_STORY_SECTION = "opinion";

/**
 * A published story of a spec's own: `<headline> <8 characters of its slug>`, one paragraph, by
 * Newshub Editorial, in Opinion, dated in 2016 so no list another spec reads shows it first.
 */
export async function publishTestStory(options: { prefix: string; headline: string; paragraph?: string; commentPolicy?: CommentPolicy }): Promise<TestStory> {
  assertLocalDatabase();
  const slug = `${options.prefix}-${randomUUID().slice(0, 8)}`;
  const headline = `${options.headline} ${slug.slice(-8)}`;
  const text = options.paragraph ?? "The council met on Tuesday.";
  const body = parseStoryDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
  const publishedAt = new Date(Date.UTC(2016, 0, 1 + Math.floor(Math.random() * 300)));
  const section = await db.section.findUniqueOrThrow({ where: { slug: TEST_STORY_SECTION }, select: { id: true } });
  const byline = await db.byline.findUniqueOrThrow({ where: { slug: "newshub-editorial" }, select: { id: true } });
  const story = await db.story.create({
    data: {
      slug,
      headline,
      body: body as object,
      bodyText: documentToPlainText(body),
      status: "PUBLISHED",
      publishedAt,
      firstPublishedAt: publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
      sectionId: section.id,
      commentPolicy: options.commentPolicy ?? "OPEN",
      bylines: { create: [{ bylineId: byline.id, position: 0 }] },
    },
    select: { id: true },
  });
  // Made outside the desk: tell the reader cache, as the desk would.
  await invalidateReaderCache([slugTag(slug), sectionTag(TEST_STORY_SECTION)]);
  return { id: story.id, slug, headline, href: storyHref(TEST_STORY_SECTION, slug) };
}
