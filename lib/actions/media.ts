"use server";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { updateMediaCrop, updateMediaDetails } from "@/lib/media/mutations";
import { importRemoteImage } from "@/lib/media/remote";
import type { MediaItem } from "@/lib/media/queries";

// A public endpoint like every server action: updateMediaDetails checks who is asking and
// validates what it is given. Uploads go to POST /api/media, which can stream a large body.

export async function updateMediaDetailsAction(id: unknown, input: unknown): Promise<ActionResult<MediaItem>> {
  return runAction((actor) => updateMediaDetails(actor, typeof id === "string" ? id : "", input));
}

export async function updateMediaCropAction(id: unknown, input: unknown): Promise<ActionResult<MediaItem>> {
  return runAction((actor) => updateMediaCrop(actor, typeof id === "string" ? id : "", input));
}

/** An image from another site (listed after a paste) fetched into the media library, under lib/media/remote.ts's guard. */
export async function importRemoteImageAction(input: unknown): Promise<ActionResult<MediaItem>> {
  return runAction((actor) => importRemoteImage(actor, input));
}
