"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";

import { runAction } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import { formText } from "@/lib/http/values";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { createWireSource, openWireItem, revokeWireSource } from "@/lib/wire/mutations";
import { WIRE_SOURCE_CREATED, WIRE_SOURCE_REVOKED } from "@/lib/wire/sentences";

export type CreateWireSourceState =
  | { status: "idle"; attempt: number }
  | { status: "created"; attempt: number; message: string; name: string; slug: string; secret: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: { name: string; credit: string } };

// A public endpoint: createWireSource checks the caller is an admin and validates the fields.
export async function createWireSourceAction(previous: CreateWireSourceState, form: FormData): Promise<CreateWireSourceState> {
  const attempt = previous.attempt + 1;
  const values = { name: formText(form, "name"), credit: formText(form, "credit") };
  const result = await runAction((actor) => createWireSource(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/wire-sources");
  // The key travels back once, to the admin who made it; it is stored only as a hash.
  return { status: "created", attempt, message: WIRE_SOURCE_CREATED, name: result.data.name, slug: result.data.slug, secret: result.data.secret };
}

export type WireFormState = { status: "idle" | "done" | "refused"; attempt: number; message: string };

// A public endpoint: revokeWireSource checks the caller is an admin.
export async function revokeWireSourceAction(previous: WireFormState, form: FormData): Promise<WireFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => revokeWireSource(actor, formText(form, "sourceId")));
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  revalidatePath("/desk/wire-sources");
  return { status: "done", attempt, message: WIRE_SOURCE_REVOKED };
}

// A public endpoint: openWireItem checks the caller may read the wire and write stories.
export async function openWireItemAction(previous: WireFormState, form: FormData): Promise<WireFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => openWireItem(actor, formText(form, "itemId")));
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  revalidatePath("/desk/wire");
  redirect(deskStoryPath(result.data.storyId));
}
