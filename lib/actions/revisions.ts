"use server";

import { revalidatePath } from "next/cache";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { restoreRevision, type RestoredStory } from "@/lib/stories/revisions";

// A public endpoint like every server action: restoreRevision checks who is asking and validates.

export async function restoreRevisionAction(input: unknown): Promise<ActionResult<RestoredStory>> {
  const result = await runAction((actor) => restoreRevision(actor, input));
  // A restore on a published story changes what readers see.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
