// Each test makes its own data with unique names, so tests never depend on one another.

import { randomUUID } from "node:crypto";

import { hashPassword } from "@/lib/auth/password";
import { loadActor, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { CommentStatus, Role, StoryStatus } from "@/lib/generated/prisma/enums";
import type { StoryDocument } from "@/lib/stories/document";

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery";

export async function makeUser(role: Role, options: { withByline?: boolean; email?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? `${unique(role.toLowerCase())}@example.test`;
  const user = await db.user.create({
    data: { email, displayName: unique(`Test ${role}`), role, passwordHash: await cachedHash },
    select: { id: true, email: true },
  });
  if (options.withByline) {
    await db.byline.create({ data: { kind: "PERSON", name: unique("Byline"), slug: unique("byline"), userId: user.id } });
  }
  return user;
}

export async function makeActor(role: Role, options: { withByline?: boolean } = {}): Promise<Actor> {
  const user = await makeUser(role, options);
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("test actor could not be loaded");
  return actor;
}

export async function makeSection() {
  const slug = unique("section");
  return db.section.create({ data: { name: slug, slug }, select: { id: true, slug: true, name: true } });
}

export async function makeByline(kind: "PERSON" | "ORGANISATION" = "ORGANISATION") {
  return db.byline.create({ data: { kind, name: unique("Org"), slug: unique("org") }, select: { id: true, name: true } });
}

export function doc(...paragraphs: string[]): StoryDocument {
  return { type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) };
}

export async function makeStory(options: { status?: StoryStatus; createdById?: string; sectionId?: string; bylineIds?: string[] } = {}) {
  const sectionId = options.sectionId ?? (await makeSection()).id;
  const status = options.status ?? "DRAFT";
  const bylineIds = options.bylineIds ?? [(await makeByline()).id];
  return db.story.create({
    data: {
      slug: unique("story"),
      headline: unique("Headline"),
      body: doc("Body text") as object,
      bodyText: "Body text",
      status,
      sectionId,
      createdById: options.createdById ?? null,
      ...(status === "PUBLISHED" ? { publishedAt: new Date(), firstPublishedAt: new Date() } : {}),
      bylines: { create: bylineIds.map((bylineId, position) => ({ bylineId, position })) },
    },
    select: { id: true, slug: true, version: true, status: true, sectionId: true },
  });
}

/** Comments made by makeComment are a minute apart, in the order they are made, in the past. */
let commentClock = Date.now() - 30 * 86_400_000;

/** A comment as readers' posting would have stored it, made directly (the queries' tests). */
export async function makeComment(
  storyId: string,
  authorId: string | null,
  body: string,
  options: { parentId?: string; status?: CommentStatus; deleted?: boolean; edited?: boolean; replyCount?: number; rejectReason?: string } = {},
) {
  commentClock += 60_000;
  return db.comment.create({
    data: {
      storyId,
      authorId,
      body,
      bodyHash: body,
      parentId: options.parentId ?? null,
      status: options.status ?? "APPROVED",
      deletedAt: options.deleted ? new Date(commentClock) : null,
      editedAt: options.edited ? new Date(commentClock + 1234) : null,
      replyCount: options.replyCount ?? 0,
      rejectReason: options.rejectReason ?? null,
      holdReasons: options.status === "PENDING" ? ["FIRST_COMMENT"] : [],
      createdAt: new Date(commentClock),
    },
    select: { id: true },
  });
}

/** The sizes of a library image's variants, by width, as the upload would have made them. */
const VARIANT_BYTES: Readonly<Record<number, number>> = { 480: 20_000, 960: 60_000, 1600: 150_000 };

/** A library image with variants of the given widths, optionally cropped with a focal point. */
export async function makeMedia(options: { widths?: number[]; crop?: boolean } = {}) {
  const widths = options.widths ?? [480, 960];
  return db.media.create({
    data: {
      storageKey: unique("key"),
      mimeType: "image/jpeg",
      width: 2400,
      height: 1600,
      bytes: 500_000,
      alt: "Library alt",
      variants: widths.map((width) => ({ width, key: unique("v"), bytes: VARIANT_BYTES[width] ?? width * 100 })),
      ...(options.crop ? { cropX: 100, cropY: 50, cropWidth: 1200, cropHeight: 900, focalX: 0.25, focalY: 0.75, version: 3 } : {}),
    },
    select: { id: true },
  });
}
