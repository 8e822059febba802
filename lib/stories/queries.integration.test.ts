import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { listDeskStories } from "@/lib/stories/queries";
import { makeActor, makeByline, makeSection, makeStory, unique } from "@/tests/integration/factories";

describe("listDeskStories", () => {
  it("shows a reporter their own stories and those sharing their byline, and nothing else", async () => {
    const reporter = await makeActor("REPORTER", { withByline: true });
    const own = await makeStory({ createdById: reporter.id });
    const shared = await makeStory({ bylineIds: [reporter.bylineId!] });
    const other = await makeStory();
    const ids = (await listDeskStories(reporter, { limit: 200 })).map((s) => s.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(shared.id);
    expect(ids).not.toContain(other.id);
  });

  it("lets an editor filter by status, section and byline, and search headlines", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const word = unique("zebra");
    const match = await makeStory({ status: "IN_REVIEW", sectionId: section.id, bylineIds: [byline.id] });
    await db.story.update({ where: { id: match.id }, data: { headline: `Council ${word} vote` } });
    const wrongStatus = await makeStory({ status: "DRAFT", sectionId: section.id, bylineIds: [byline.id] });
    const wrongByline = await makeStory({ status: "IN_REVIEW", sectionId: section.id });

    const bySection = (await listDeskStories(editor, { sectionId: section.id })).map((s) => s.id).sort();
    expect(bySection).toEqual([match.id, wrongStatus.id, wrongByline.id].sort());
    const narrowed = await listDeskStories(editor, { sectionId: section.id, status: "IN_REVIEW", bylineId: byline.id });
    expect(narrowed.map((s) => s.id)).toEqual([match.id]);
    const searched = await listDeskStories(editor, { query: word.toUpperCase() });
    expect(searched.map((s) => s.headline)).toEqual([`Council ${word} vote`]);
  });

  it("shows a moderator no stories and refuses a reader", async () => {
    await makeStory();
    expect(await listDeskStories(await makeActor("MODERATOR"))).toEqual([]);
    await expect(listDeskStories(await makeActor("READER"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
