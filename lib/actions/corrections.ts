"use server";

import { revalidatePath } from "next/cache";

import { runAction } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import { addCorrection, CORRECTION_KIND_LABELS } from "@/lib/corrections/mutations";
import { deskStoryPath } from "@/lib/stories/desk-paths";

export type CorrectionFormState =
  | { status: "idle"; attempt: number }
  | { status: "added"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; kind: string; text: string };

// A public endpoint: addCorrection checks who is asking and validates everything it is given.
// It takes the form itself so the form works before (or without) JavaScript.
export async function addCorrectionAction(previous: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const input = { storyId: form.get("storyId"), kind: form.get("kind"), text: form.get("text") };
  const result = await runAction((actor) => addCorrection(actor, input));
  const attempt = previous.attempt + 1;
  if (!result.ok) {
    return {
      status: "refused",
      attempt,
      message: result.message,
      fieldErrors: result.fieldErrors ?? {},
      kind: typeof input.kind === "string" ? input.kind : "CORRECTION",
      text: typeof input.text === "string" ? input.text : "",
    };
  }
  // addCorrection has invalidated the story page (and /corrections is rendered per request); here
  // only the story's own desk pages are refreshed (see changeStoryStatusAction).
  revalidatePath(deskStoryPath(result.data.storyId), "layout");
  const { kind, revision } = result.data;
  const linked = revision ? `, linked to version ${revision.version}` : "";
  return {
    status: "added",
    attempt,
    message: `${CORRECTION_KIND_LABELS[kind]} added${linked}. Readers now see it at the foot of the story and on the corrections page.`,
  };
}
