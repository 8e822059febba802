import "server-only";

import { db } from "@/lib/db";

/** The current slug of the tag an old slug belonged to (renamed or merged; its page answers 308), or null. Public: reader redirects. */
export async function findRenamedTag(slug: string): Promise<string | null> {
  const old = await db.tagSlug.findUnique({ where: { slug }, select: { tag: { select: { slug: true } } } });
  return old?.tag.slug ?? null;
}
