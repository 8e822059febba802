import { describe, expect, it } from "vitest";

import { GET as siteRss } from "@/app/rss.xml/route";
import { getApiStory } from "@/lib/content-api/queries";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { addNote, mentionedIn, replyToNote, setNoteResolved } from "@/lib/notes/mutations";
import { listMyMentions, listStoryNotes } from "@/lib/notes/queries";
import { NOTES_EDITORS_ONLY, cannotMention, openSuggestionsCount } from "@/lib/notes/sentences";
import { searchStories } from "@/lib/search/queries";
import type { StoryDocument } from "@/lib/stories/document";
import { changeStoryStatus, saveStory } from "@/lib/stories/mutations";
import { getStoryPage } from "@/lib/stories/story-page";
import { makeActor, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const note = (storyId: string, text = "Which council?") => ({ storyId, noteId: crypto.randomUUID(), quote: "the council", text });

describe("who may add, answer and resolve notes", () => {
  it("lets the story's reporter and an editor write; refuses another reporter, a moderator and a reader", async () => {
    const reporter = await makeActor("REPORTER");
    const story = await makeStory({ createdById: reporter.id });
    const editor = await makeActor("EDITOR");

    const added = await addNote(reporter, note(story.id));
    await replyToNote(editor, { noteId: added.noteId, text: "The city council." });
    for (const actor of [await makeActor("REPORTER"), await makeActor("MODERATOR")]) {
      const refused = await refusal(addNote(actor, note(story.id)));
      expect([refused.code, refused.message]).toEqual(["FORBIDDEN", NOTES_EDITORS_ONLY]);
      expect((await refusal(replyToNote(actor, { noteId: added.noteId, text: "Me too" }))).code).toBe("FORBIDDEN");
      expect((await refusal(setNoteResolved(actor, { noteId: added.noteId, resolved: true }))).code).toBe("FORBIDDEN");
    }
    expect((await refusal(addNote(await makeActor("READER"), note(story.id)))).code).toBe("FORBIDDEN");
    expect((await refusal(addNote(null, note(story.id)))).code).toBe("UNAUTHENTICATED");

    const [thread] = await listStoryNotes(editor, story.id);
    expect(thread?.messages.map((m) => m.text)).toEqual(["Which council?", "The city council."]);
    expect(await db.auditLog.count({ where: { entityId: story.id, action: { startsWith: "story.note." } } })).toBe(2);
  });

  it("resolves and reopens a note, and refuses an empty note or an id already taken", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const input = note(story.id);
    await addNote(editor, input);
    expect((await refusal(addNote(editor, input))).code).toBe("CONFLICT");
    expect((await refusal(addNote(editor, { ...note(story.id), text: "   " }))).code).toBe("INVALID_INPUT");

    await setNoteResolved(editor, { noteId: input.noteId, resolved: true });
    expect((await listStoryNotes(editor, story.id))[0]).toMatchObject({ resolved: true, resolvedByName: editor.displayName });
    await setNoteResolved(editor, { noteId: input.noteId, resolved: false });
    expect((await listStoryNotes(editor, story.id))[0]).toMatchObject({ resolved: false, resolvedByName: null });
  });
});

describe("mentions", () => {
  it("finds @names, longest first", () => {
    const people = [{ displayName: "Ana" }, { displayName: "Ana Ruiz" }, { displayName: "Bo" }];
    expect(mentionedIn("@Ana Ruiz and @bo, see this", people).map((p) => p.displayName)).toEqual(["Ana Ruiz", "Bo"]);
    expect(mentionedIn("no one here, mail ana@example.org", people)).toEqual([]);
  });

  it("shows an open note to the person it names, until it is resolved", async () => {
    const editor = await makeActor("EDITOR");
    const named = await makeActor("EDITOR");
    const story = await makeStory();
    const input = note(story.id, `@${named.displayName} can you check the figure?`);
    const added = await addNote(editor, input);
    expect(added.mentioned).toEqual([named.id]);

    const mentions = await listMyMentions(named);
    expect(mentions.total).toBe(1);
    expect(mentions.items[0]).toMatchObject({ storyId: story.id, byName: editor.displayName, text: input.text });

    await setNoteResolved(editor, { noteId: input.noteId, resolved: true });
    expect((await listMyMentions(named)).total).toBe(0);
  });

  it("refuses to mention a reporter who cannot open the story", async () => {
    const editor = await makeActor("EDITOR");
    const outsider = await makeActor("REPORTER");
    const story = await makeStory();
    const refused = await refusal(addNote(editor, note(story.id, `@${outsider.displayName} look`)));
    expect([refused.code, refused.message]).toEqual(["INVALID_INPUT", cannotMention(outsider.displayName)]);
    expect(await db.storyNote.count({ where: { storyId: story.id } })).toBe(0);
  });
});

describe("notes and suggestions never reach readers", () => {
  const attrs = { authorId: "u1", authorName: "Copy Desk", at: "2026-12-07T03:00:00.000Z" };
  const body = (noteId: string): StoryDocument => ({
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "The harbour " },
          { type: "text", text: "reopened", marks: [{ type: "note", attrs: { id: noteId } }] },
          { type: "text", text: " on Tuesday", marks: [{ type: "suggestionDelete", attrs: { id: "s1", ...attrs } }] },
          { type: "text", text: " zanzibarword", marks: [{ type: "suggestionInsert", attrs: { id: "s2", ...attrs } }] },
          { type: "text", text: " after repairs." },
        ],
      },
    ],
  });

  it("keeps them in the desk's copy, drops them from the story page, the feed, search and the Content API", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const noteInput = note(story.id, "Check the date with the port.");
    await addNote(editor, noteInput);
    const headline = unique("Harbour reopens");
    const saved = await saveStory(editor, story.id, story.version, { headline, sectionId: story.sectionId, body: body(noteInput.noteId) });
    expect(saved.version).toBe(story.version + 1);

    const stored = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { body: true, bodyText: true, slug: true, section: { select: { slug: true } } } });
    expect(JSON.stringify(stored.body)).toContain("suggestionInsert");
    expect(stored.bodyText).toBe("The harbour reopened on Tuesday after repairs.");

    const page = await getStoryPage(stored.section!.slug, stored.slug);
    if (page.kind !== "found") throw new Error(`story page: ${page.kind}`);
    const readerBody = JSON.stringify(page.page.story.body);
    expect(readerBody).not.toMatch(/note|suggestion|zanzibarword|Check the date/);
    expect(readerBody).toContain(" on Tuesday");

    const rss = await (await siteRss()).text();
    expect(rss).toContain(headline);
    expect(rss).not.toMatch(/zanzibarword|suggestion|data-note|Check the date/);

    expect((await searchStories({ query: "zanzibarword" })).total).toBe(0);
    expect((await searchStories({ query: `${headline} Tuesday` })).results.map((r) => r.id)).toContain(story.id);

    const api = await getApiStory(story.id, ["body", "bodyHtml"], []);
    expect(JSON.stringify(api)).not.toMatch(/note|suggestion|zanzibarword/);
    expect(api?.bodyHtml).toContain("on Tuesday");
  });

  it("refuses to publish while suggestions are open, saying so", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const saved = await saveStory(editor, story.id, story.version, { headline: unique("Suggested"), sectionId: story.sectionId, body: body(crypto.randomUUID()) });
    const refused = await refusal(changeStoryStatus(editor, { storyId: story.id, version: saved.version, action: "publish", acknowledgeWarnings: true }));
    expect(JSON.stringify(refused.details ?? refused.fieldErrors ?? refused.message)).toContain(openSuggestionsCount(2));
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true } })).status).toBe("DRAFT");
  });
});
