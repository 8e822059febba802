import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { listSectionCommentRules, updateSectionCommentRules } from "@/lib/sections/mutations";
import { makeActor, makeSection } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

const rulesOf = (id: string) => db.section.findUniqueOrThrow({ where: { id }, select: { commentPolicy: true, commentsCloseAfterDays: true } });

describe("updateSectionCommentRules", () => {
  it("sets the policy new stories start with and the days after which comments close, audits the change and refreshes reader pages", async () => {
    const admin = await makeActor("ADMIN");
    const section = await makeSection();
    const updated = await updateSectionCommentRules(admin, { sectionId: section.id, commentPolicy: "PREMODERATED", closeAfterDays: " 30 " });
    expect(updated).toMatchObject({ id: section.id, commentPolicy: "PREMODERATED", commentsCloseAfterDays: 30 });
    expect(await rulesOf(section.id)).toEqual({ commentPolicy: "PREMODERATED", commentsCloseAfterDays: 30 });
    expect(invalidations.tags).toEqual([READER_TAG]);
    const audit = await db.auditLog.findMany({ where: { entityId: section.id, action: "section.commentRules" }, select: { actorId: true, data: true } });
    expect(audit).toEqual([{ actorId: admin.id, data: { before: { commentPolicy: "OPEN", commentsCloseAfterDays: null }, after: { commentPolicy: "PREMODERATED", commentsCloseAfterDays: 30 } } }]);

    // Blank means never; the same rules again change nothing and refresh nothing.
    await updateSectionCommentRules(admin, { sectionId: section.id, commentPolicy: "PREMODERATED", closeAfterDays: "" });
    expect(await rulesOf(section.id)).toEqual({ commentPolicy: "PREMODERATED", commentsCloseAfterDays: null });
    invalidations.clear();
    await updateSectionCommentRules(admin, { sectionId: section.id, commentPolicy: "PREMODERATED", closeAfterDays: "" });
    expect(invalidations.tags).toEqual([]);
    expect(await db.auditLog.count({ where: { entityId: section.id, action: "section.commentRules" } })).toBe(2);
    expect((await listSectionCommentRules(admin)).find((row) => row.id === section.id)).toMatchObject({ commentsCloseAfterDays: null });
  });

  it("refuses a bad number of days or policy with a message for the field, and changes nothing", async () => {
    const admin = await makeActor("ADMIN");
    const section = await makeSection();
    for (const closeAfterDays of ["0", "-3", "1.5", "366", "ten", "1e3"]) {
      await expect(updateSectionCommentRules(admin, { sectionId: section.id, commentPolicy: "OPEN", closeAfterDays })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        fieldErrors: { closeAfterDays: ["Enter a whole number of days from 1 to 365, or leave it blank to never close."] },
      });
    }
    await expect(updateSectionCommentRules(admin, { sectionId: section.id, commentPolicy: "SOMETIMES", closeAfterDays: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await rulesOf(section.id)).toEqual({ commentPolicy: "OPEN", commentsCloseAfterDays: null });
    expect(invalidations.tags).toEqual([]);
  });

  it("refuses an unknown section and everyone but admins", async () => {
    const section = await makeSection();
    await expect(updateSectionCommentRules(await makeActor("ADMIN"), { sectionId: randomUUID(), commentPolicy: "OPEN", closeAfterDays: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const role of ["EDITOR", "REPORTER", "MODERATOR", "READER"] as const) {
      await expect(updateSectionCommentRules(await makeActor(role), { sectionId: section.id, commentPolicy: "CLOSED", closeAfterDays: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listSectionCommentRules(await makeActor(role))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(updateSectionCommentRules(null, { sectionId: section.id, commentPolicy: "CLOSED", closeAfterDays: "1" })).rejects.toBeTruthy();
    expect(await rulesOf(section.id)).toEqual({ commentPolicy: "OPEN", commentsCloseAfterDays: null });
  });
});
