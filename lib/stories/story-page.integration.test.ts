import { describe, expect, it } from "vitest";

import { expiresTag } from "@/lib/cache/expiry.mjs";
import { storyPageTags } from "@/lib/cache/reader";
import { commentsTag, READER_TAG, slugTag, storyTag } from "@/lib/cache/tags";
import { recountStoryComments } from "@/lib/comments/counts";
import { getStoryCommentPreview } from "@/lib/comments/queries";
import { db } from "@/lib/db";
import { getDiscoveryStory } from "@/lib/feeds/queries";
import { getMediaSizes } from "@/lib/media/queries";
import { listRelatedStories, listStoryTags } from "@/lib/stories/listing";
import { getPublishedStory } from "@/lib/stories/queries";
import { getStoryPage, STORY_PAGE_THREADS, type StoryPage } from "@/lib/stories/story-page";
import { makeActor, makeByline, makeComment, makeMedia, makeSection, makeStory, unique } from "@/tests/integration/factories";

const DAY = 86_400_000;
const image = (attrs: { src: string; mediaId?: string; alt?: string }) => ({
  type: "image",
  attrs: { src: attrs.src, alt: attrs.alt ?? "Body alt", caption: "Caption", credit: "Credit", mediaId: attrs.mediaId ?? "" },
});

/** What the story page showed before it read everything in one statement: each part from its own query. */
async function separately(sectionSlug: string, slug: string, storyId: string): Promise<Omit<StoryPage, "images"> & { images: unknown }> {
  const lookup = await getPublishedStory(sectionSlug, slug);
  if (lookup.kind !== "found") throw new Error(`expected ${slug} to be found`);
  const mediaIds = lookup.story.body.content.flatMap((block) => (block.type === "image" && block.attrs.mediaId ? [block.attrs.mediaId] : []));
  return {
    story: lookup.story,
    discovery: (await getDiscoveryStory(storyId))!,
    images: mediaIds.length > 0 ? await getMediaSizes(mediaIds) : new Map(),
    tags: await listStoryTags(storyId),
    related: await listRelatedStories(storyId),
    comments: (await getStoryCommentPreview(storyId, STORY_PAGE_THREADS))!,
  };
}

async function expectSameAsSeparately(sectionSlug: string, slug: string, storyId: string) {
  const lookup = await getStoryPage(sectionSlug, slug);
  expect(lookup.kind).toBe("found");
  if (lookup.kind !== "found") return;
  expect(lookup.page).toEqual(await separately(sectionSlug, slug, storyId));
}

describe("getStoryPage (the story page in one statement)", () => {
  it("agrees with the story, discovery, image, tag, related-story and comment loaders for a story with everything", async () => {
    const section = await makeSection();
    const elsewhere = await makeSection();
    await db.section.update({ where: { id: section.id }, data: { commentsCloseAfterDays: 30 } });
    const person = await db.byline.create({ data: { kind: "PERSON", name: unique("Reporter"), slug: unique("reporter") }, select: { id: true } });
    const org = await makeByline("ORGANISATION");
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id, bylineIds: [person.id, org.id] });
    const [hero, inBody, cropped] = await Promise.all([makeMedia(), makeMedia(), makeMedia({ crop: true })]);
    const tags = await Promise.all(["zeta", "alpha", "Mid"].map((name) => db.tag.create({ data: { name: unique(name), slug: unique("tag") }, select: { id: true } })));
    await db.story.update({
      where: { id: story.id },
      data: {
        standfirst: "A standfirst",
        dateline: "Lisbon",
        seoTitle: "SEO title",
        socialHeadline: "Social headline",
        heroImageId: hero.id,
        publishedAt: new Date(Date.now() - 3 * DAY),
        body: {
          type: "doc",
          content: [
            { type: "paragraph", content: [{ type: "text", text: "Opening" }] },
            image({ src: `/media/${inBody.id}/960`, mediaId: inBody.id }),
            image({ src: "https://images.example/outside.jpg" }),
            image({ src: `/media/${cropped.id}/960`, mediaId: cropped.id, alt: "" }),
            image({ src: `/media/${inBody.id}/960`, mediaId: inBody.id }),
          ],
        },
        tags: { create: tags.map((tag) => ({ tagId: tag.id })) },
      },
    });
    await db.correction.createMany({
      data: [
        { storyId: story.id, kind: "CORRECTION", text: "First fix", createdAt: new Date(Date.now() - 2 * DAY) },
        { storyId: story.id, kind: "CLARIFICATION", text: "Then a note", createdAt: new Date(Date.now() - DAY) },
      ],
    });
    // Related: one sharing a tag from another section, the section's newest, a draft sharing the tag (never).
    const tagged = await makeStory({ status: "PUBLISHED", sectionId: elsewhere.id });
    await db.storyTag.create({ data: { storyId: tagged.id, tagId: tags[0]!.id } });
    for (let i = 0; i < 5; i += 1) await makeStory({ status: "PUBLISHED", sectionId: section.id });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    await db.storyTag.create({ data: { storyId: draft.id, tagId: tags[0]!.id } });
    // Comments: threads, a reply, a held and a deleted one, an edited one, one by a deleted account; more than a page of threads.
    const reader = await makeActor("READER");
    const first = await makeComment(story.id, reader.id, "first", { replyCount: 1 });
    await makeComment(story.id, reader.id, "a reply", { parentId: first.id });
    await makeComment(story.id, reader.id, "held", { status: "PENDING" });
    await makeComment(story.id, reader.id, "deleted", { deleted: true });
    await makeComment(story.id, reader.id, "edited", { edited: true });
    await makeComment(story.id, null, "from a former reader");
    for (let i = 0; i < STORY_PAGE_THREADS; i += 1) await makeComment(story.id, reader.id, `more ${i}`);
    await recountStoryComments(db, [story.id]);

    await expectSameAsSeparately(section.slug, story.slug, story.id);
    const lookup = await getStoryPage(section.slug, story.slug);
    if (lookup.kind !== "found") throw new Error("not found");
    // The comparison above is not vacuous: each part holds what the story has.
    expect(lookup.page.story.bylines).toHaveLength(2);
    expect(lookup.page.story.corrections.map((c) => c.text)).toEqual(["First fix", "Then a note"]);
    expect(lookup.page.tags).toHaveLength(3);
    expect([...lookup.page.images.keys()].sort()).toEqual([inBody.id, cropped.id].sort());
    expect(lookup.page.discovery.image?.url).toContain(hero.id);
    expect(lookup.page.related[0]?.id).toBe(tagged.id);
    expect(lookup.page.related).toHaveLength(4);
    expect(lookup.page.comments.comments).toHaveLength(STORY_PAGE_THREADS);
    expect(lookup.page.comments.policy.closesAt).not.toBeNull();
  });

  it("agrees for a story without a hero image (the first body image serves), alone in its section, with comments closed", async () => {
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    const media = await makeMedia({ crop: true });
    await db.story.update({
      where: { id: story.id },
      data: {
        commentPolicy: "CLOSED",
        body: { type: "doc", content: [image({ src: "https://images.example/first.jpg" }), image({ src: `/media/${media.id}/960`, mediaId: media.id })] },
      },
    });
    await expectSameAsSeparately(section.slug, story.slug, story.id);
    const bodyLibraryFirst = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    await db.story.update({ where: { id: bodyLibraryFirst.id }, data: { commentsClosedAt: new Date(Date.now() - DAY), body: { type: "doc", content: [image({ src: `/media/${media.id}/960`, mediaId: media.id, alt: "" })] } } });
    await expectSameAsSeparately(section.slug, bodyLibraryFirst.slug, bodyLibraryFirst.id);
  });

  it("redirects a story asked for under another section or an old slug, and finds nothing for a draft or an unknown slug", async () => {
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    expect(await getStoryPage("wrong-section", story.slug)).toEqual({ kind: "redirect", href: `/${section.slug}/${story.slug}` });
    const old = unique("old-slug");
    await db.storySlug.create({ data: { slug: old, storyId: story.id } });
    expect(await getStoryPage(section.slug, old)).toEqual({ kind: "redirect", href: `/${section.slug}/${story.slug}` });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    expect(await getStoryPage(section.slug, draft.slug)).toEqual({ kind: "missing" });
    expect(await getStoryPage(section.slug, unique("no-such-story"))).toEqual({ kind: "missing" });
  });

  it("tags the page's render with its slug, the story, its comments and each related story; a 404 or redirect with the slug", async () => {
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    const others = [await makeStory({ status: "PUBLISHED", sectionId: section.id }), await makeStory({ status: "PUBLISHED", sectionId: section.id })];
    const lookup = await getStoryPage(section.slug, story.slug);
    expect(new Set(storyPageTags(story.slug, lookup))).toEqual(
      new Set([READER_TAG, slugTag(story.slug), storyTag(story.id), commentsTag(story.id), ...others.map((other) => storyTag(other.id))]),
    );
    const missing = unique("no-such-story");
    expect(storyPageTags(missing, await getStoryPage(section.slug, missing))).toEqual([READER_TAG, slugTag(missing)]);
    expect(storyPageTags(story.slug, await getStoryPage("wrong-section", story.slug))).toEqual([READER_TAG, slugTag(story.slug)]);
    expect(storyPageTags("x".repeat(300), { kind: "missing" })).toEqual([]);
  });

  it("tags a page whose comments close by the clock with that moment, so it is rendered again then", async () => {
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    const closesAt = new Date(Date.now() + 3 * DAY);
    await db.story.update({ where: { id: story.id }, data: { commentsClosedAt: closesAt } });
    expect(storyPageTags(story.slug, await getStoryPage(section.slug, story.slug))).toContain(expiresTag(closesAt));

    await db.story.update({ where: { id: story.id }, data: { commentsClosedAt: new Date(Date.now() - DAY) } });
    expect(storyPageTags(story.slug, await getStoryPage(section.slug, story.slug)).filter((tag) => tag.startsWith("expires:"))).toEqual([]);
  });
});
