"use server";

import { revalidatePath } from "next/cache";

import { runAction } from "@/lib/actions/safe-action";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { pinStoryAsLead, unpinLead } from "@/lib/stories/lead";

export type LeadFormState = { status: "idle" } | { status: "done" | "refused"; message: string };

// A public endpoint: pinStoryAsLead and unpinLead check who is asking and validate the story.
// It takes the form itself so the control works before (or without) JavaScript.
export async function toggleLeadAction(_previous: LeadFormState, form: FormData): Promise<LeadFormState> {
  const intent = form.get("intent");
  const storyId = form.get("storyId");
  const result =
    intent === "unpin"
      ? await runAction(async (actor) => {
          await unpinLead(actor);
          return "Unpinned. The newest story leads the front page again.";
        })
      : await runAction(async (actor) => {
          await pinStoryAsLead(actor, { storyId });
          return "Pinned. This story now leads the front page.";
        });
  if (!result.ok) return { status: "refused", message: result.message };
  // pinStoryAsLead and unpinLead refresh the front page on every instance themselves; this desk
  // page shows the control's new state.
  if (typeof storyId === "string") revalidatePath(deskStoryPath(storyId));
  return { status: "done", message: result.data };
}
