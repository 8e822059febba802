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
