// What a database needs before anyone can use it. `seedEssentials` runs on every install; the demo
// newsroom (sections, bylines, one account per role, published stories) only in demo mode.

import { hashPassword } from "@/lib/auth/password";
import { bodyHash } from "@/lib/comments/text";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { assertSectionSlug } from "@/lib/sections/slug";
import { DEFAULT_STORED_SITE_SETTINGS, SITE_SETTINGS_KEY, type StoredSiteSettings } from "@/lib/settings/schemas";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { slugify } from "@/lib/stories/slug";

import { demoBylines, demoSections, demoStories, type DemoSection } from "./demo/content";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; displayName: string; role: Role }> = [
  { email: "admin@demo.newsdesk", displayName: "Ada Admin", role: "ADMIN" },
  { email: "editor@demo.newsdesk", displayName: "Marguerite Vell", role: "EDITOR" },
  { email: "reporter@demo.newsdesk", displayName: "Ines Harrow", role: "REPORTER" },
  { email: "moderator@demo.newsdesk", displayName: "Mo Derator", role: "MODERATOR" },
  { email: "reader@demo.newsdesk", displayName: "Riley Reader", role: "READER" },
];

/** Defaults every newsroom starts with; an admin changes them later. Idempotent. */
export async function seedEssentials(db: PrismaClient): Promise<void> {
  const defaults: Record<string, unknown> = {
    "comments.bannedWords": [],
    "comments.suspectWords": [],
    "comments.holdFirstComment": false,
    "comments.reportsToHold": 3,
  };
  for (const [key, value] of Object.entries(defaults)) {
    await db.setting.upsert({ where: { key }, create: { key, value: value as object }, update: {} });
  }
}

/**
 * The demo newsroom's site settings: it is called Newshub (a fresh install without the demo is
 * "Newsdesk" until an admin names it, lib/settings/schemas.ts). Left alone when already set.
 */
export const DEMO_SITE_SETTINGS: StoredSiteSettings = {
  ...DEFAULT_STORED_SITE_SETTINGS,
  name: "Newshub",
  description: "News from the Newshub newsroom.",
  organizationName: "Newshub",
};

export async function seedDemoSiteSettings(db: PrismaClient): Promise<void> {
  await db.setting.upsert({ where: { key: SITE_SETTINGS_KEY }, create: { key: SITE_SETTINGS_KEY, value: { ...DEMO_SITE_SETTINGS } }, update: {} });
}

export async function isDatabaseEmpty(db: PrismaClient): Promise<boolean> {
  const [users, stories] = await Promise.all([db.user.count(), db.story.count()]);
  return users === 0 && stories === 0;
}

/**
 * Creates the sections that do not exist yet; returns every one's id by slug. The slugs are
 * checked first (lib/sections/slug.ts), so a list with one reserved slug creates nothing.
 */
export async function seedSections(db: PrismaClient, sections: readonly DemoSection[]): Promise<Map<string, string>> {
  for (const section of sections) assertSectionSlug(section.slug);
  const ids = new Map<string, string>();
  for (const section of sections) {
    const row = await db.section.upsert({ where: { slug: section.slug }, create: section, update: {}, select: { id: true } });
    ids.set(section.slug, row.id);
  }
  return ids;
}

export async function seedDemoNewsroom(db: PrismaClient): Promise<{ stories: number; users: number }> {
  await seedEssentials(db);
  await seedDemoSiteSettings(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const users = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const user = await db.user.upsert({
      where: { email: account.email },
      create: { ...account, passwordHash },
      update: {},
      select: { id: true },
    });
    users.set(account.email, user.id);
  }

  const sections = await seedSections(db, demoSections);

  const bylines = new Map<string, string>();
  for (const { staffEmail, ...byline } of demoBylines) {
    const userId = staffEmail ? (users.get(staffEmail) ?? null) : null;
    const row = await db.byline.upsert({
      where: { slug: byline.slug },
      create: { ...byline, userId },
      update: {},
      select: { id: true },
    });
    bylines.set(byline.slug, row.id);
  }

  const editorId = users.get("editor@demo.newsdesk") ?? null;
  let created = 0;
  for (const demo of demoStories) {
    if (await db.story.findUnique({ where: { slug: demo.slug }, select: { id: true } })) continue;
    const sectionId = sections.get(demo.sectionSlug);
    if (!sectionId) throw new Error(`Demo story ${demo.slug} names unknown section ${demo.sectionSlug}`);
    // The demo goes through the same allow-list as anything an editor saves.
    const body = parseStoryDocument(demo.body);
    const publishedAt = new Date(demo.publishedAt);
    const bylineIds = demo.bylineSlugs.map((slug) => {
      const id = bylines.get(slug);
      if (!id) throw new Error(`Demo story ${demo.slug} names unknown byline ${slug}`);
      return id;
    });
    await db.$transaction(async (tx) => {
      const story = await tx.story.create({
        data: {
          slug: demo.slug,
          headline: demo.headline,
          standfirst: demo.standfirst,
          dateline: demo.dateline,
          body: body as object,
          bodyText: documentToPlainText(body),
          status: "PUBLISHED",
          publishedAt,
          firstPublishedAt: publishedAt,
          commentPolicy: demo.commentPolicy ?? demoSections.find((s) => s.slug === demo.sectionSlug)?.commentPolicy ?? "OPEN",
          sectionId,
          createdById: editorId,
          updatedById: editorId,
          createdAt: publishedAt,
          // A demo story has not been changed since it went out: no "Updated" line for readers.
          updatedAt: publishedAt,
          bylines: { create: bylineIds.map((bylineId, position) => ({ bylineId, position })) },
          tags: {
            create: demo.tags.map((name) => ({
              tag: {
                connectOrCreate: {
                  where: { slug: slugify(name) },
                  create: { name, slug: slugify(name) },
                },
              },
            })),
          },
        },
        select: { id: true, version: true },
      });
      await tx.storyRevision.create({
        data: {
          storyId: story.id,
          version: story.version,
          kind: "PUBLISH",
          headline: demo.headline,
          standfirst: demo.standfirst,
          dateline: demo.dateline,
          slug: demo.slug,
          sectionId,
          body: body as object,
          bodyText: documentToPlainText(body),
          bylines: bylineIds.map((id) => ({ id })),
          createdById: editorId,
          createdAt: publishedAt,
        },
      });
      await tx.auditLog.create({
        data: { actorId: editorId, action: "story.publish", entityType: "story", entityId: story.id, data: { seeded: true } },
      });
    });
    created += 1;
  }
  await seedDemoComments(db, users);
  return { stories: created, users: users.size };
}

/** A short, civil exchange under one demo story, so the comments area has something to show. Only once. */
async function seedDemoComments(db: PrismaClient, users: Map<string, string>): Promise<void> {
  const story = await db.story.findUnique({ where: { slug: "meridane-freight-cuts-profit-forecast" }, select: { id: true, publishedAt: true } });
  const readerId = users.get("reader@demo.newsdesk");
  const reporterId = users.get("reporter@demo.newsdesk");
  if (!story?.publishedAt || !readerId || !reporterId) return;
  if ((await db.comment.count({ where: { storyId: story.id } })) > 0) return;
  const at = (hours: number) => new Date(story.publishedAt!.getTime() + hours * 3_600_000);
  const question =
    "Rates were always going to fall once the new ships arrived. The question is whether any of it reaches small exporters, or whether it all goes to protecting the margin.";
  const answer =
    "Fair question. The company told us most contract customers are on fixed rates until March, so spot customers should see the change first. We will ask again when the full-year results are out.";
  await db.$transaction(async (tx) => {
    const top = await tx.comment.create({
      data: { storyId: story.id, authorId: readerId, body: question, bodyHash: bodyHash(question), status: "APPROVED", replyCount: 1, createdAt: at(3) },
      select: { id: true },
    });
    await tx.comment.create({
      data: { storyId: story.id, authorId: reporterId, parentId: top.id, body: answer, bodyHash: bodyHash(answer), status: "APPROVED", createdAt: at(5) },
      select: { id: true },
    });
    // Raw, so the story's updatedAt stays its publication time (no "Updated" line for readers).
    await tx.$executeRaw`UPDATE "Story" SET "commentCount" = 2 WHERE "id" = ${story.id}::uuid`;
  });
}
