"use server";

import { revalidatePath } from "next/cache";

import { createApiKey, revokeApiKey } from "@/lib/api-keys/mutations";
import { KEY_CREATED, KEY_REVOKED_DONE } from "@/lib/api-keys/sentences";
import { runAction } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import { formText } from "@/lib/http/values";

export type CreateKeyFormState =
  | { status: "idle"; attempt: number }
  | { status: "created"; attempt: number; message: string; name: string; secret: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: { name: string; role: string } };

// A public endpoint: createApiKey checks the caller is an admin and validates the name and role.
export async function createApiKeyAction(previous: CreateKeyFormState, form: FormData): Promise<CreateKeyFormState> {
  const attempt = previous.attempt + 1;
  const values = { name: formText(form, "name"), role: formText(form, "role") };
  const result = await runAction((actor) => createApiKey(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/integrations");
  // The secret travels back once, to the admin who made it; it is stored only as a hash.
  return { status: "created", attempt, message: KEY_CREATED, name: result.data.name, secret: result.data.secret };
}

export type RevokeKeyFormState = { status: "idle" | "revoked" | "refused"; attempt: number; message: string };

// A public endpoint: revokeApiKey checks the caller is an admin.
export async function revokeApiKeyAction(previous: RevokeKeyFormState, form: FormData): Promise<RevokeKeyFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => revokeApiKey(actor, formText(form, "keyId")));
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  revalidatePath("/desk/integrations");
  return { status: "revoked", attempt, message: KEY_REVOKED_DONE };
}
