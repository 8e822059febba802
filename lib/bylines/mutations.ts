// Bylines are records of their own, so the same person or organisation is credited the same way
// on every story. Editors and admins create them, from the story editor or elsewhere.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { BylineOption } from "@/lib/bylines/queries";
import { slugify } from "@/lib/stories/slug";
import { foldForMatching } from "@/lib/text/normalise";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { plainText, singleLine } from "@/lib/validation/text";

export const createBylineSchema = z.object({
  name: singleLine("The byline's name").min(2, "Give the byline a name.").max(120, "Keep the name under 120 characters."),
  kind: z.enum(["PERSON", "ORGANISATION"], { error: "Choose person or organisation." }),
  bio: plainText("The bio").max(2000, "Keep the bio under 2,000 characters.").default(""),
});

export async function createByline(actor: Actor | null, input: unknown): Promise<BylineOption> {
  const editor = assertCan(actor, "byline.manage", "Only editors and admins can create bylines.");
  const { name, kind, bio } = parseInput(createBylineSchema, input, { message: FIELDS_NEED_ATTENTION });
  return db.$transaction(async (tx) => {
    // The same name, whatever its case, invisible characters or look-alike letters: "Jane Doe" and
    // "Jаne Doe" with a Cyrillic а would credit two people who read as one.
    const key = foldForMatching(name);
    const sameKind = await tx.byline.findMany({ where: { kind }, select: { name: true } });
    if (sameKind.some((byline) => foldForMatching(byline.name) === key)) {
      throw new AppError("INVALID_INPUT", "That byline already exists: pick it from the list.", {
        fieldErrors: { name: ["A byline with this name already exists."] },
      });
    }
    const base = slugify(name) || "byline";
    let slug = base;
    for (let n = 2; await tx.byline.findUnique({ where: { slug }, select: { id: true } }); n += 1) slug = `${base}-${n}`;
    const byline = await tx.byline.create({ data: { name, kind, bio, slug }, select: { id: true, name: true, kind: true } });
    await recordAudit(tx, { actorId: editor.id, action: "byline.create", entityType: "byline", entityId: byline.id, data: { name, kind } });
    return byline;
  });
}
