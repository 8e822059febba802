"use server";

// Sections, bylines and tags in the desk (issue 15). Public endpoints: each lib function checks who
// is asking (taxonomy.manage, byline.manage) and validates everything. The pressed button's
// `intent` says which change.

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { createByline, mergeBylines, updateByline } from "@/lib/bylines/mutations";
import { MAX_BYLINE_LINKS } from "@/lib/bylines/schemas";
import type { FieldErrors } from "@/lib/errors";
import { formText } from "@/lib/http/values";
import { archiveSection, createSection, moveSection, updateSection } from "@/lib/sections/mutations";
import { deleteTag, mergeTags, renameTag } from "@/lib/tags/mutations";

export type TaxonomyFormState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors };

const UNKNOWN_INTENT = "Pick one of the buttons to make a change.";

function answer<T>(attempt: number, result: ActionResult<T>, message: (data: T) => string, paths: readonly string[]): TaxonomyFormState {
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {} };
  for (const path of paths) revalidatePath(path);
  return { status: "done", attempt, message: message(result.data) };
}

export async function sectionAction(previous: TaxonomyFormState, form: FormData): Promise<TaxonomyFormState> {
  const attempt = previous.attempt + 1;
  const intent = formText(form, "intent");
  const sectionId = formText(form, "sectionId");
  const fields = { name: formText(form, "name"), slug: formText(form, "slug"), description: formText(form, "description") };
  const paths = ["/desk/sections", `/desk/sections/${sectionId}`];
  switch (intent) {
    case "create":
      return answer(attempt, await runAction((actor) => createSection(actor, fields)), (s) => `Section “${s.name}” created at /${s.slug}. It is last in the navigation.`, paths);
    case "update":
      return answer(attempt, await runAction((actor) => updateSection(actor, { sectionId, ...fields })), (s) => `Section “${s.name}” saved. Its address is /${s.slug}.`, paths);
    case "up":
    case "down":
      return answer(
        attempt,
        await runAction((actor) => moveSection(actor, { sectionId, direction: intent })),
        (order) => `Navigation order: ${order.map((s) => s.name).join(", ")}.`,
        paths,
      );
    case "archive":
    case "restore":
      return answer(
        attempt,
        await runAction((actor) => archiveSection(actor, { sectionId, archived: intent === "archive" })),
        (s) => (s.archivedAt ? `“${s.name}” is archived: it has left the navigation; its stories stay where they are.` : `“${s.name}” is back, last in the navigation.`),
        paths,
      );
    default:
      return { status: "refused", attempt, message: UNKNOWN_INTENT, fieldErrors: {} };
  }
}

/** The link rows of the byline form: label and address pairs, blank rows left out. */
function linksOf(form: FormData): Array<{ label: string; url: string }> {
  const links: Array<{ label: string; url: string }> = [];
  for (let i = 0; i < MAX_BYLINE_LINKS + 1; i += 1) {
    const label = formText(form, `linkLabel${i}`);
    const url = formText(form, `linkUrl${i}`);
    if (label.trim() !== "" || url.trim() !== "") links.push({ label, url });
  }
  return links;
}

export async function bylineAction(previous: TaxonomyFormState, form: FormData): Promise<TaxonomyFormState> {
  const attempt = previous.attempt + 1;
  const intent = formText(form, "intent");
  const bylineId = formText(form, "bylineId");
  const paths = ["/desk/bylines", `/desk/bylines/${bylineId}`];
  if (intent === "create") {
    const input = { name: formText(form, "name"), kind: formText(form, "kind"), bio: formText(form, "bio") };
    return answer(attempt, await runAction((actor) => createByline(actor, input)), (b) => `Byline “${b.name}” created.`, paths);
  }
  if (intent === "update") {
    const input = {
      bylineId,
      name: formText(form, "name"),
      kind: formText(form, "kind"),
      bio: formText(form, "bio"),
      url: formText(form, "url"),
      links: linksOf(form),
      photoId: formText(form, "photoId"),
      userId: formText(form, "userId"),
    };
    return answer(attempt, await runAction((actor) => updateByline(actor, input)), (b) => `Byline “${b.name}” saved.`, paths);
  }
  if (intent === "merge") {
    const result = await runAction((actor) => mergeBylines(actor, { sourceId: bylineId, targetId: formText(form, "targetId") }));
    if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {} };
    revalidatePath("/desk/bylines");
    // The merged byline is gone: carry on at the one it became.
    redirect(`/desk/bylines/${result.data.id}?merged=${result.data.moved}`);
  }
  return { status: "refused", attempt, message: UNKNOWN_INTENT, fieldErrors: {} };
}

export async function tagAction(previous: TaxonomyFormState, form: FormData): Promise<TaxonomyFormState> {
  const attempt = previous.attempt + 1;
  const intent = formText(form, "intent");
  const tagId = formText(form, "tagId");
  const paths = ["/desk/tags"];
  switch (intent) {
    case "rename":
      return answer(attempt, await runAction((actor) => renameTag(actor, { tagId, name: formText(form, "name") })), (t) => `Tag renamed “${t.name}”; its page is /tag/${t.slug}.`, paths);
    case "merge":
      return answer(
        attempt,
        await runAction((actor) => mergeTags(actor, { sourceId: formText(form, "sourceId"), targetId: formText(form, "targetId") })),
        (t) => `Merged into “${t.name}” (${t.moved} ${t.moved === 1 ? "story" : "stories"} moved).`,
        paths,
      );
    case "delete":
      return answer(attempt, await runAction((actor) => deleteTag(actor, { tagId })), (t) => `Tag “${t.name}” deleted from ${t.removedFrom} ${t.removedFrom === 1 ? "story" : "stories"}.`, paths);
    default:
      return { status: "refused", attempt, message: UNKNOWN_INTENT, fieldErrors: {} };
  }
}
