import { describe, expect, it, vi } from "vitest";

import { postComment } from "@/lib/comments/post";
import { cachedCommentSettings, dropCommentSettingsCache, getCommentSettings, SETTING_KEYS, SETTINGS_CACHE_MS, updateCommentSettings } from "@/lib/comments/settings";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor, makeStory } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

// Settings are global: these tests restore what they change, and only one file touches them.
describe("comment settings", () => {
  it("shows the settings to admins only, as the database holds them", async () => {
    const admin = await makeActor("ADMIN");
    expect(await getCommentSettings(admin)).toEqual(await cachedCommentSettings());
    for (const role of ["EDITOR", "MODERATOR", "REPORTER", "READER"] as const) {
      await expect(getCommentSettings(await makeActor(role))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(getCommentSettings(null)).rejects.toBeInstanceOf(AppError);
  });

  it("keeps the settings in memory for a moment, and an update drops the copy so the next post obeys it", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { commentPolicy: "OPEN", publishedAt: new Date() } });
    dropCommentSettingsCache();
    const before = await cachedCommentSettings();
    const word = `zorblat${Date.now()}`;
    const key = SETTING_KEYS.bannedWords;
    const clock = vi.spyOn(Date, "now");
    try {
      // A write behind the settings' back (another instance, say) is seen once the copy expires.
      const start = Date.now();
      clock.mockReturnValue(start);
      dropCommentSettingsCache();
      await cachedCommentSettings();
      await db.setting.upsert({ where: { key }, create: { key, value: [...before.bannedWords, word] }, update: { value: [...before.bannedWords, word] } });
      clock.mockReturnValue(start + SETTINGS_CACHE_MS - 1);
      expect((await cachedCommentSettings()).bannedWords).not.toContain(word);
      clock.mockReturnValue(start + SETTINGS_CACHE_MS);
      expect((await cachedCommentSettings()).bannedWords).toContain(word);
      clock.mockRestore();
      await db.setting.upsert({ where: { key }, create: { key, value: before.bannedWords }, update: { value: before.bannedWords } });
      dropCommentSettingsCache();

      expect((await postComment(reader, { storyId: story.id, body: `A ${word} before the ban.` })).status).toBe("APPROVED");
      await updateCommentSettings(admin, { bannedWords: [...before.bannedWords, word] });
      const refused = await refusal(postComment(reader, { storyId: story.id, body: `Another ${word} after it.` }));
      expect(refused.code).toBe("INVALID_INPUT");
      expect(refused.message).toContain(word);
    } finally {
      clock.mockRestore();
      await updateCommentSettings(admin, { bannedWords: before.bannedWords });
    }
  });

  it("lets an admin set the word lists (trimmed, lower-cased, deduplicated) and audits the change", async () => {
    const admin = await makeActor("ADMIN");
    const before = await cachedCommentSettings();
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

  it("refuses a disguised banned word and stores nothing; holds a disguised suspect word, through post_comment", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { commentPolicy: "OPEN", publishedAt: new Date() } });
    dropCommentSettingsCache();
    const before = await cachedCommentSettings();
    // Letters only, made unique per run, and spelt with letters that have Cyrillic look-alikes.
    const tail = Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
    const banned = `scumbag${tail}`;
    const suspect = `cryptoscam${tail}`;
    try {
      await updateCommentSettings(admin, { bannedWords: [...before.bannedWords, banned], suspectWords: [...before.suspectWords, suspect] });
      for (const disguised of [`scum\u200Bbag${tail}`, `scum\u00ADbag${tail}`, `\u0455cumbag${tail}`, `\u0455\u0441umb\u0430g${tail}`]) {
        const refused = await refusal(postComment(reader, { storyId: story.id, body: `You ${disguised}.` }));
        expect(refused.code, JSON.stringify(disguised)).toBe("INVALID_INPUT");
        expect(refused.message).toContain(`"${banned}"`);
      }
      expect(await db.comment.count({ where: { storyId: story.id } })).toBe(0);

      const held = await postComment(reader, { storyId: story.id, body: `Try \u0441rypto\u200Bscam${tail} today` });
      expect(held).toMatchObject({ status: "PENDING", holdReasons: ["SUSPECT_WORD"] });
      const stored = await db.comment.findUniqueOrThrow({ where: { id: held.id }, select: { body: true, status: true } });
      // Stored as typed.
      expect(stored).toEqual({ body: `Try \u0441rypto\u200Bscam${tail} today`, status: "PENDING" });
    } finally {
      await updateCommentSettings(admin, { bannedWords: before.bannedWords, suspectWords: before.suspectWords });
    }
  });

  it("refuses a word list with a control character, naming the list, and writes nothing", async () => {
    const admin = await makeActor("ADMIN");
    const before = await cachedCommentSettings();
    const asText = await refusal(updateCommentSettings(admin, { bannedWords: "fine\nbad\u0000word" }));
    expect(asText.fieldErrors?.bannedWords).toEqual(["The word list contains a NUL character (U+0000): remove it and try again."]);
    const asList = await refusal(updateCommentSettings(admin, { suspectWords: ["fine", "bad\u0007word"] }));
    expect(asList.fieldErrors?.suspectWords).toEqual(["The word list contains an invisible control character (U+0007): remove it and try again."]);
    dropCommentSettingsCache();
    expect(await cachedCommentSettings()).toEqual(before);
    expect(await db.auditLog.count({ where: { actorId: admin.id } })).toBe(0);
  });
});
