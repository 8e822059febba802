// The dateline place and credit an import fills (issue 16): saved with the draft, kept by a save
// that leaves them out (a page that does not load them), cleared by an empty value, and checked.

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parsePlainTextStory } from "@/lib/stories/import-text";
import { createStory, saveStory } from "@/lib/stories/mutations";
import { makeActor, makeSection } from "@/tests/integration/factories";

const WIRE = [
  "Ferry crews agree a winter timetable",
  "",
  "CALDER POINT (Harbour Wire) - Ferry crews agreed a winter timetable with the island council on Tuesday, ending a month of cancelled sailings.",
  "",
  "The first boat leaves at seven every morning and the last returns before dark, the council said.",
  "",
  "Reporting by Lena Morrow; Editing by Ada Finch",
].join("\n");

async function stored(id: string) {
  return db.story.findUniqueOrThrow({ where: { id }, select: { datelinePlace: true, credit: true, bodyText: true, version: true } });
}

describe("an imported story's dateline place and credit", () => {
  it("are stored with the draft, kept when a save leaves them out, and cleared by an empty value", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const imported = parsePlainTextStory(WIRE);
    const created = await createStory(editor, {
      headline: imported.headline,
      sectionId: section.id,
      datelinePlace: imported.datelinePlace,
      credit: imported.credit,
      body: JSON.stringify(imported.body),
    });
    let row = await stored(created.id);
    expect(row).toMatchObject({ datelinePlace: "CALDER POINT", credit: "Reporting by Lena Morrow; Editing by Ada Finch" });
    expect(row.bodyText.startsWith("Ferry crews agreed a winter timetable")).toBe(true);
    expect(row.bodyText).not.toContain("Reporting by");

    await saveStory(editor, created.id, row.version, { headline: "Ferry crews agree", sectionId: section.id, body: JSON.stringify(imported.body) });
    row = await stored(created.id);
    expect(row).toMatchObject({ datelinePlace: "CALDER POINT", credit: "Reporting by Lena Morrow; Editing by Ada Finch" });

    await saveStory(editor, created.id, row.version, { headline: "Ferry crews agree", sectionId: section.id, datelinePlace: "", credit: "", body: JSON.stringify(imported.body) });
    expect(await stored(created.id)).toMatchObject({ datelinePlace: "", credit: "" });
  });

  it("refuses an over-long credit or a dateline place on two lines, and creates nothing", async () => {
    const editor = await makeActor("EDITOR");
    const before = await db.story.count();
    for (const fields of [{ credit: "x".repeat(301) }, { datelinePlace: "SEOUL\nBUSAN" }]) {
      const error = await createStory(editor, { headline: "Ferry crews", body: JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] }), ...fields }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
    }
    expect(await db.story.count()).toBe(before);
  });
});
