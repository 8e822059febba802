"use server";

import { revalidatePath } from "next/cache";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { changeStoryStatus, createStory, saveStory, type SavedStory } from "@/lib/stories/mutations";

// Server actions are public endpoints: each one hands the caller to a lib function that checks
// who is asking and validates everything it is given.

export async function createStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  const result = await runAction((actor) => createStory(actor, input));
  if (result.ok) revalidatePath("/desk");
  return result;
}

export async function saveStoryAction(storyId: unknown, version: unknown, input: unknown): Promise<ActionResult<SavedStory>> {
  const result = await runAction((actor) => saveStory(actor, storyId, version, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function changeStoryStatusAction(input: unknown): Promise<ActionResult<SavedStory>> {
  const result = await runAction((actor) => changeStoryStatus(actor, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
