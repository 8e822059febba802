import { describe, expect, it } from "vitest";

import { getCommentSettings, updateCommentSettings } from "@/lib/comments/settings";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

// Settings are global: these tests restore what they change, and only one file touches them.
describe("comment settings", () => {
  it("lets an admin set the word lists (trimmed, lower-cased, deduplicated) and audits the change", async () => {
    const admin = await makeActor("ADMIN");
    const before = await getCommentSettings();
    try {
      const after = await updateCommentSettings(admin, { suspectWords: "  Crypto\ncrypto , FREE money\n\n", reportsToHold: "4" });
      expect(after.suspectWords).toEqual(["crypto", "free money"]);
      expect(after.reportsToHold).toBe(4);
      expect(after.bannedWords).toEqual(before.bannedWords);
      const audit = await db.auditLog.findMany({ where: { actorId: admin.id, action: "setting.update" }, select: { entityId: true, data: true }, orderBy: { entityId: "asc" } });
      expect(audit.map((a) => a.entityId)).toEqual(["comments.reportsToHold", "comments.suspectWords"]);
    } finally {
      await updateCommentSettings(admin, { suspectWords: before.suspectWords, reportsToHold: before.reportsToHold });
    }
  });

  it("refuses non-admins and bad lists, writing nothing", async () => {
    const editor = await makeActor("EDITOR");
    const admin = await makeActor("ADMIN");
    expect((await refusal(updateCommentSettings(editor, { bannedWords: ["x"] }))).code).toBe("FORBIDDEN");
    expect((await refusal(updateCommentSettings(null, { bannedWords: ["x"] }))).code).toBe("UNAUTHENTICATED");
    const long = await refusal(updateCommentSettings(admin, { bannedWords: ["a".repeat(51)] }));
    expect(long.fieldErrors?.bannedWords).toEqual(["Each word or phrase must be at most 50 characters."]);
    const many = await refusal(updateCommentSettings(admin, { bannedWords: Array.from({ length: 501 }, (_, i) => `w${i}`) }));
    expect(many.fieldErrors?.bannedWords).toEqual(["A list can hold at most 500 words."]);
    expect((await refusal(updateCommentSettings(admin, { reportsToHold: 0 }))).fieldErrors?.reportsToHold).toBeDefined();
    expect(await db.auditLog.count({ where: { actorId: { in: [editor.id, admin.id] } } })).toBe(0);
  });
});
