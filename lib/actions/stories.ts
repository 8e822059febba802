"use server";

import { revalidatePath } from "next/cache";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { createByline } from "@/lib/bylines/mutations";
import type { BylineOption } from "@/lib/bylines/queries";
import { changeStoryStatus, createStory, saveStory, type SavedStory } from "@/lib/stories/mutations";
import { leaveStoryPresence, touchStoryPresence, type PresenceState } from "@/lib/stories/presence";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { getStoryForEdit, type StoryForEdit } from "@/lib/stories/queries";

// Server actions are public endpoints: each one hands the caller to a lib function that checks
// who is asking and validates everything it is given.

// No revalidatePath here: the desk's pages are rendered per request anyway, and revalidating from
// an action makes Next re-render the page that called it, which would remount the editor that has
// just created the story and drop whatever was typed while it saved.
export async function createStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction((actor) => createStory(actor, input));
}

export async function saveStoryAction(
  storyId: unknown,
  version: unknown,
  input: unknown,
  options?: { autosave?: unknown; live?: unknown },
): Promise<ActionResult<SavedStory>> {
  const autosave = options?.autosave === true;
  const live = options?.live === true;
  // The desk never meets a conflict (docs/desk.md, "Saving never loses work"): its saves are not
  // checked against a version; the Admin API's are.
  return runAction((actor) => saveStory(actor, storyId, version, input, { autosave, live, desk: !live }));
}

// A workflow step refreshes the story's own desk pages (its editor, history, timeline and
// corrections tabs) and nothing else: changeStoryStatus has already invalidated exactly the reader
// pages that show the change, and none at all for steps readers cannot see (submitting a draft,
// a review, a schedule not yet due). "/" with "layout" would stamp a tag every reader page carries
// and empty every reader cache on every instance (issue 14).
export async function changeStoryStatusAction(input: unknown): Promise<ActionResult<SavedStory>> {
  // From the desk's live editor (docs/desk.md, "Co-editing"): the step takes the live document as it is.
  const live = typeof input === "object" && input !== null && (input as { live?: unknown }).live === true;
  const result = await runAction((actor) => changeStoryStatus(actor, input, { live }));
  if (result.ok) revalidatePath(deskStoryPath(result.data.id), "layout");
  return result;
}

export async function createBylineAction(input: unknown): Promise<ActionResult<BylineOption>> {
  return runAction((actor) => createByline(actor, input));
}

export async function touchPresenceAction(storyId: unknown): Promise<ActionResult<PresenceState>> {
  return runAction((actor) => touchStoryPresence(actor, storyId));
}

export async function leavePresenceAction(storyId: unknown): Promise<ActionResult<null>> {
  return runAction(async (actor) => {
    await leaveStoryPresence(actor, storyId);
    return null;
  });
}

/** The story as it is saved now: what the editor compares with after a conflict. */
export async function loadSavedStoryAction(storyId: unknown): Promise<ActionResult<StoryForEdit>> {
  return runAction((actor) => getStoryForEdit(actor, typeof storyId === "string" ? storyId : ""));
}
