// Tags in the desk (issue 15): list with counts, rename, merge, delete. Editors and admins
// (taxonomy.manage); each change is one transaction with its audit entry. A tag shows on its own
// page (tag:<slug>), on its stories' pages (the links at their foot, and which stories are related)
// and in the feeds (categories); teasers do not show tags. So a change stamps exactly: the tag
// pages involved, each published story carrying them (story:<id>), and the feeds (docs/caching.md).
// Old addresses of a renamed or merged tag answer 308 (TagSlug); a tag name typed in the story
// editor that was merged away files the story under the tag it became (lib/stories/persistence.ts).

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderPages, loadPublishedPlacements } from "@/lib/cache/invalidate";
import { FEEDS_TAG, storyTag, topicTag, type StoryPlacement } from "@/lib/cache/tags";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { slugify } from "@/lib/stories/slug";
import { publishedStoryWhere } from "@/lib/stories/visibility";
import { deleteTagSchema, mergeTagsSchema, renameTagSchema } from "@/lib/tags/schemas";
import { TAG_FIELDS_NEED_ATTENTION, TAG_MERGE_INTO_ITSELF, TAG_NAME_NEEDS_LETTER, TAG_NOT_FOUND, TAGS_STAFF_ONLY, tagNameTaken } from "@/lib/tags/sentences";
import { parseInput } from "@/lib/validation/parse-input";

export interface DeskTag {
  id: string;
  name: string;
  slug: string;
  storyCount: number;
  publishedCount: number;
}

/** Every tag with how many stories carry it (and how many of them readers see), most used first. */
export async function listTagsForDesk(actor: Actor | null): Promise<DeskTag[]> {
  assertCan(actor, "taxonomy.manage", TAGS_STAFF_ONLY);
  const [tags, published] = await Promise.all([
    db.tag.findMany({ select: { id: true, name: true, slug: true, _count: { select: { stories: true } } } }),
    db.storyTag.groupBy({ by: ["tagId"], where: { story: publishedStoryWhere }, _count: { _all: true } }),
  ]);
  const publishedBy = new Map(published.map((row) => [row.tagId, row._count._all]));
  return tags
    .map((tag) => ({ id: tag.id, name: tag.name, slug: tag.slug, storyCount: tag._count.stories, publishedCount: publishedBy.get(tag.id) ?? 0 }))
    .sort((a, b) => b.storyCount - a.storyCount || a.name.localeCompare(b.name));
}

function refused(field: string, message: string, sentence = TAG_FIELDS_NEED_ATTENTION): AppError {
  return new AppError("INVALID_INPUT", sentence, { fieldErrors: { [field]: [message] } });
}

/** The tags a change to these stories' tags stamps: each story's page and the feeds. */
function storyPagesOf(placements: readonly StoryPlacement[]): string[] {
  return placements.length === 0 ? [] : [...placements.map((p) => storyTag(p.id)), FEEDS_TAG];
}

async function lockTags(tx: Tx, ids: readonly string[]): Promise<void> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Tag" WHERE "id" = ANY(${[...ids]}::uuid[]) ORDER BY "id" FOR UPDATE`;
  if (locked.length !== new Set(ids).size) throw new AppError("NOT_FOUND", TAG_NOT_FOUND);
}

/** Renames a tag; its address follows its name, and the old address answers 308. */
export async function renameTag(actor: Actor | null, input: unknown): Promise<{ id: string; name: string; slug: string }> {
  const editor = assertCan(actor, "taxonomy.manage", TAGS_STAFF_ONLY);
  const { tagId, name } = parseInput(renameTagSchema, input ?? {}, {
    message: TAG_FIELDS_NEED_ATTENTION,
    fieldRefusals: { tagId: () => new AppError("NOT_FOUND", TAG_NOT_FOUND) },
  });
  const slug = slugify(name);
  if (slug === "") throw refused("name", TAG_NAME_NEEDS_LETTER);
  const result = await db.$transaction(async (tx) => {
    await lockTags(tx, [tagId]);
    const before = await tx.tag.findUniqueOrThrow({ where: { id: tagId }, select: { id: true, name: true, slug: true } });
    if (before.name === name) return { tag: before, before, placements: [] as StoryPlacement[] };
    if (slug !== before.slug) {
      const other = await tx.tag.findUnique({ where: { slug }, select: { name: true } });
      if (other) {
        const message = tagNameTaken(other.name);
        throw refused("name", message, message);
      }
      // This tag takes the address over, even from a tag it was an old name of; its old one redirects here.
      await tx.tagSlug.deleteMany({ where: { slug } });
      await tx.tagSlug.create({ data: { slug: before.slug, tagId } });
    }
    const tag = await tx.tag.update({ where: { id: tagId }, data: { name, slug }, select: { id: true, name: true, slug: true } });
    await recordAudit(tx, { actorId: editor.id, action: "tag.rename", entityType: "tag", entityId: tagId, data: { before: { name: before.name, slug: before.slug }, after: { name, slug } } });
    return { tag, before, placements: await loadPublishedPlacements(tx, { tags: { some: { tagId } } }) };
  });
  const { tag, before, placements } = result;
  if (before.name !== tag.name) {
    await invalidateReaderPages([topicTag(before.slug), topicTag(tag.slug), ...storyPagesOf(placements)], [`/tag/${tag.slug}`], `tag ${before.slug} was renamed`);
  }
  return tag;
}

/** Merges one tag into another: its stories carry the other, its address answers 308 there, and it is deleted. */
export async function mergeTags(actor: Actor | null, input: unknown): Promise<{ id: string; name: string; slug: string; moved: number }> {
  const editor = assertCan(actor, "taxonomy.manage", TAGS_STAFF_ONLY);
  const { sourceId, targetId } = parseInput(mergeTagsSchema, input ?? {}, {
    message: TAG_FIELDS_NEED_ATTENTION,
    fieldRefusals: { sourceId: () => new AppError("NOT_FOUND", TAG_NOT_FOUND) },
  });
  if (sourceId === targetId) throw refused("targetId", TAG_MERGE_INTO_ITSELF, TAG_MERGE_INTO_ITSELF);
  const result = await db.$transaction(async (tx) => {
    await lockTags(tx, [sourceId, targetId]);
    const select = { id: true, name: true, slug: true } as const;
    const [source, target] = await Promise.all([tx.tag.findUniqueOrThrow({ where: { id: sourceId }, select }), tx.tag.findUniqueOrThrow({ where: { id: targetId }, select })]);
    // Stories carrying either: their related stories change too (they now share one tag).
    const placements = await loadPublishedPlacements(tx, { tags: { some: { tagId: { in: [sourceId, targetId] } } } });
    const moved = await tx.$executeRaw`INSERT INTO "StoryTag" ("storyId", "tagId")
      SELECT "storyId", ${targetId}::uuid FROM "StoryTag" WHERE "tagId" = ${sourceId}::uuid ON CONFLICT DO NOTHING`;
    await tx.tagSlug.updateMany({ where: { tagId: sourceId }, data: { tagId: targetId } });
    await tx.tagSlug.create({ data: { slug: source.slug, tagId: targetId } });
    await tx.tag.delete({ where: { id: sourceId } }); // its StoryTag rows go with it
    await recordAudit(tx, { actorId: editor.id, action: "tag.merge", entityType: "tag", entityId: targetId, data: { from: source, into: target, storiesMoved: moved } });
    return { source, target, moved, placements };
  });
  const { source, target, moved, placements } = result;
  await invalidateReaderPages([topicTag(source.slug), topicTag(target.slug), ...storyPagesOf(placements)], [`/tag/${target.slug}`, `/tag/${source.slug}`], `tag ${source.slug} was merged into ${target.slug}`);
  return { ...target, moved };
}

/** Deletes a tag: it comes off every story, and its page (and old addresses) answer 404. */
export async function deleteTag(actor: Actor | null, input: unknown): Promise<{ name: string; removedFrom: number }> {
  const editor = assertCan(actor, "taxonomy.manage", TAGS_STAFF_ONLY);
  const { tagId } = parseInput(deleteTagSchema, input ?? {}, {
    message: TAG_FIELDS_NEED_ATTENTION,
    fieldRefusals: { tagId: () => new AppError("NOT_FOUND", TAG_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    await lockTags(tx, [tagId]);
    const tag = await tx.tag.findUniqueOrThrow({ where: { id: tagId }, select: { id: true, name: true, slug: true, oldSlugs: { select: { slug: true } }, _count: { select: { stories: true } } } });
    const placements = await loadPublishedPlacements(tx, { tags: { some: { tagId } } });
    await tx.tag.delete({ where: { id: tagId } });
    await recordAudit(tx, { actorId: editor.id, action: "tag.delete", entityType: "tag", entityId: tagId, data: { name: tag.name, slug: tag.slug, removedFrom: tag._count.stories } });
    return { tag, placements };
  });
  const { tag, placements } = result;
  const slugs = [tag.slug, ...tag.oldSlugs.map((o) => o.slug)];
  await invalidateReaderPages([...slugs.map(topicTag), ...storyPagesOf(placements)], [], `tag ${tag.slug} was deleted`);
  return { name: tag.name, removedFrom: tag._count.stories };
}
