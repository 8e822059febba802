import { describe, expect, it } from "vitest";

import { createByline } from "@/lib/bylines/mutations";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("createByline", () => {
  it("creates a byline, audited", async () => {
    const editor = await makeActor("EDITOR");
    const name = unique("Jane Reporter");
    const byline = await createByline(editor, { name, kind: "PERSON", bio: "Covers the coast.\nAnd the council." });
    expect(byline).toMatchObject({ name, kind: "PERSON" });
    expect(await db.auditLog.count({ where: { action: "byline.create", entityId: byline.id } })).toBe(1);
  });

  it("refuses a NUL byte or a control character in the name or bio with the field and the reason, writing nothing", async () => {
    const editor = await makeActor("EDITOR");
    const name = unique("Nul Byline");
    const inName = await refusal(createByline(editor, { name: `${name}\u0000`, kind: "PERSON" }));
    expect(inName.code).toBe("INVALID_INPUT");
    expect(inName.fieldErrors?.name).toEqual(["The byline's name contains a NUL character (U+0000): remove it and try again."]);
    const newline = await refusal(createByline(editor, { name: `${name}\nSecond line`, kind: "PERSON" }));
    expect(newline.fieldErrors?.name).toEqual(["The byline's name must be on one line: remove the line break."]);
    const inBio = await refusal(createByline(editor, { name, kind: "PERSON", bio: "Escapes \u001b[31m here" }));
    expect(inBio.fieldErrors?.bio).toEqual(["The bio contains an invisible control character (U+001B): remove it and try again."]);
    expect(await db.byline.count({ where: { name: { startsWith: name.slice(0, 10) } } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: editor.id } })).toBe(0);
  });

  it("refuses a byline that reads as an existing one: case, invisible characters or look-alike letters", async () => {
    const editor = await makeActor("EDITOR");
    const tail = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
    const name = `Jane Doe ${tail}`;
    await createByline(editor, { name, kind: "PERSON" });
    for (const lookalike of [`JANE DOE ${tail}`, `Ja\u200Bne Doe ${tail}`, `J\u0430ne Doe ${tail}`, `\uFF2Aane Doe ${tail}`]) {
      const error = await refusal(createByline(editor, { name: lookalike, kind: "PERSON" }));
      expect(error.fieldErrors?.name, JSON.stringify(lookalike)).toEqual(["A byline with this name already exists."]);
    }
    expect(await db.byline.count({ where: { name: { endsWith: tail } } })).toBe(1);
  });
});
