"use server";

import { revalidatePath } from "next/cache";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { restoreRevision, type RestoredStory } from "@/lib/stories/revisions";

// A public endpoint like every server action: restoreRevision checks who is asking and validates.

export async function restoreRevisionAction(input: unknown): Promise<ActionResult<RestoredStory>> {
  const result = await runAction((actor) => restoreRevision(actor, input));
  // restoreRevision has invalidated the reader pages a published story's restore changes; here
  // only the story's own desk pages are refreshed (see changeStoryStatusAction).
  if (result.ok) revalidatePath(deskStoryPath(result.data.id), "layout");
  return result;
}
