// A story taken off the site and rewritten in the desk must not show its new headline to the
// readers who commented on it: the desk's working headline ("EMBARGOED: …") is not theirs to see.
// What readers are shown of a story that joins their comments is what they could see of it.

import { describe, expect, it } from "vitest";

import { listOwnComments, STORY_NO_LONGER_PUBLISHED } from "@/lib/accounts/queries";
import { editComment } from "@/lib/comments/edit";
import { postComment } from "@/lib/comments/post";
import { reportComment } from "@/lib/comments/report";
import { findDiscussion, getStoryCommentPolicy, getStoryCommentPreview, getStoryComments } from "@/lib/comments/queries";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { changeStoryStatus, createStory, saveStory } from "@/lib/stories/mutations";
import { doc, makeActor, makeSection, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A story published through the desk, with a comment by a reader, then unpublished and renamed. */
async function publishedThenRenamed() {
  const editor = await makeActor("EDITOR", { withByline: true });
  const reader = await makeActor("READER");
  const section = await makeSection();
  const published = unique("Council approves the sea wall");
  const embargoed = `EMBARGOED: ${unique("Minister to resign on Friday")}`;
  const created = await createStory(editor, { headline: published, sectionId: section.id, body: doc("The vote was close.") });
  const live = await changeStoryStatus(editor, { storyId: created.id, version: created.version, action: "publish" });
  const comment = await postComment(reader, { storyId: created.id, body: "A fair decision." }, { address: "198.51.100.20" });
  const down = await changeStoryStatus(editor, { storyId: created.id, version: live.version, action: "unpublish" });
  const renamed = await saveStory(editor, created.id, down.version, { headline: embargoed, sectionId: section.id, body: doc("Not for readers yet.") });
  return { editor, reader, section, storyId: created.id, slug: renamed.slug, version: renamed.version, commentId: comment.id, published, embargoed };
}

describe("a reader's own comments on a story taken off the site", () => {
  it("show the headline it was published under, without a link, never the desk's new one", async () => {
    const story = await publishedThenRenamed();
    const own = await listOwnComments(story.reader);
    expect(own.comments).toHaveLength(1);
    expect(own.comments[0]?.story).toEqual({ headline: story.published, href: null });
    expect(JSON.stringify(own)).not.toContain("EMBARGOED");
  });

  it("show the current headline and link again once it is republished", async () => {
    const story = await publishedThenRenamed();
    await changeStoryStatus(story.editor, { storyId: story.storyId, version: story.version, action: "publish" });
    const own = await listOwnComments(story.reader);
    expect(own.comments[0]?.story).toEqual({
      headline: story.embargoed,
      href: `/${story.section.slug}/${story.slug}/comments#comment-${story.commentId}`,
    });
  });

  it("say only 'a story no longer published' when no published headline is on record", async () => {
    const reader = await makeActor("READER");
    // Made straight in the database as published, so no revision records what went out.
    const story = await makeStory({ status: "PUBLISHED" });
    await db.comment.create({ data: { storyId: story.id, authorId: reader.id, body: "Hello", bodyHash: "h", status: "APPROVED" } });
    await db.story.update({ where: { id: story.id }, data: { status: "UNPUBLISHED", headline: "EMBARGOED: the new line" } });
    const own = await listOwnComments(reader);
    expect(own.comments[0]?.story).toEqual({ headline: null, href: null });
    expect(STORY_NO_LONGER_PUBLISHED).toBe("a story no longer published");
    expect(JSON.stringify(own)).not.toContain("EMBARGOED");
  });
});

describe("every other way a reader reaches a story through its comments", () => {
  it("finds nothing and says nothing of the story once it is off the site", async () => {
    const story = await publishedThenRenamed();
    const other = await makeActor("READER");
    const said: unknown[] = [
      await findDiscussion({ storyId: story.storyId }),
      await findDiscussion({ commentId: story.commentId }),
      await getStoryCommentPolicy(story.storyId),
      await getStoryComments(story.storyId),
      await getStoryCommentPreview(story.storyId, 10),
    ];
    expect(said).toEqual([null, null, null, null, null]);

    const refusals = [
      await refusal(postComment(other, { storyId: story.storyId, body: "Still there?" }, { address: "198.51.100.21" })),
      await refusal(postComment(other, { storyId: story.storyId, parentId: story.commentId, body: "A reply" }, { address: "198.51.100.21" })),
      await refusal(reportComment(other, { commentId: story.commentId, reason: "SPAM" }, { address: "198.51.100.21" })),
      await refusal(editComment(story.reader, { commentId: story.commentId, body: "An edit" })),
    ];
    expect(refusals.map((error) => error.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    for (const error of refusals) {
      expect(error.message).not.toContain("EMBARGOED");
      expect(error.message).not.toContain(story.published);
    }
  });
});
