import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";

export interface BylineOption {
  id: string;
  name: string;
  kind: "PERSON" | "ORGANISATION";
}

/** The bylines a desk user may put on a story. */
export async function listBylineOptions(actor: Actor | null): Promise<BylineOption[]> {
  assertCan(actor, "story.editOwn");
  return db.byline.findMany({ orderBy: [{ kind: "asc" }, { name: "asc" }], select: { id: true, name: true, kind: true } });
}

/** The current slug of the byline a merged byline became (its old page answers 308), or null. Public: reader redirects. */
export async function findMergedByline(slug: string): Promise<string | null> {
  const old = await db.bylineSlug.findUnique({ where: { slug }, select: { byline: { select: { slug: true } } } });
  return old?.byline.slug ?? null;
}
