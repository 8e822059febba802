"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";

import { runAction } from "@/lib/actions/safe-action";
import type { Actor } from "@/lib/auth/actor";
import type { FieldErrors } from "@/lib/errors";
import { formText } from "@/lib/http/values";
import { createWebhook, deleteWebhook, redeliver, rotateWebhookSecret, sendTestEvent, setWebhookEnabled, updateWebhook } from "@/lib/webhooks/mutations";
import {
  CHOOSE_WEBHOOK_ACTION,
  WEBHOOK_CREATED,
  WEBHOOK_DISABLED,
  WEBHOOK_ENABLED,
  WEBHOOK_REDELIVERY_QUEUED,
  WEBHOOK_SAVED,
  WEBHOOK_SECRET_ROTATED,
  WEBHOOK_TEST_QUEUED,
} from "@/lib/webhooks/sentences";

export interface WebhookFormValues {
  url: string;
  description: string;
  events: string[];
}

export type CreateWebhookFormState =
  | { status: "idle"; attempt: number }
  | { status: "created"; attempt: number; message: string; id: string; url: string; secret: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: WebhookFormValues };

// A public endpoint: createWebhook checks the caller is an admin, validates the URL and events,
// and refuses private addresses on a production server.
export async function createWebhookAction(previous: CreateWebhookFormState, form: FormData): Promise<CreateWebhookFormState> {
  const attempt = previous.attempt + 1;
  const values = webhookFormValues(form);
  const result = await runAction((actor) => createWebhook(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/webhooks");
  return { status: "created", attempt, message: WEBHOOK_CREATED, id: result.data.id, url: result.data.url, secret: result.data.secret };
}

export type EditWebhookFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string; values: WebhookFormValues }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: WebhookFormValues };

function webhookFormValues(form: FormData): WebhookFormValues {
  return {
    url: formText(form, "url"),
    description: formText(form, "description"),
    events: form.getAll("events").filter((value): value is string => typeof value === "string"),
  };
}

// A public endpoint: updateWebhook checks the caller is an admin and validates as createWebhook does.
export async function updateWebhookAction(previous: EditWebhookFormState, form: FormData): Promise<EditWebhookFormState> {
  const attempt = previous.attempt + 1;
  const values = webhookFormValues(form);
  const id = formText(form, "webhookId");
  const result = await runAction((actor) => updateWebhook(actor, id, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/webhooks");
  revalidatePath(`/desk/webhooks/${result.data.id}`);
  return { status: "saved", attempt, message: WEBHOOK_SAVED, values: { url: result.data.url, description: result.data.description, events: result.data.events } };
}

export type RotateSecretFormState =
  | { status: "idle"; attempt: number }
  | { status: "rotated"; attempt: number; message: string; secret: string }
  | { status: "refused"; attempt: number; message: string };

// A public endpoint: rotateWebhookSecret checks the caller is an admin. The new secret is in the
// answer to this one request and nowhere else in the clear.
export async function rotateWebhookSecretAction(previous: RotateSecretFormState, form: FormData): Promise<RotateSecretFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => rotateWebhookSecret(actor, formText(form, "webhookId")));
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  return { status: "rotated", attempt, message: WEBHOOK_SECRET_ROTATED, secret: result.data.secret };
}

export type WebhookActionState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string };

// A public endpoint: each lib function checks the caller is an admin. The pressed button says
// which: send a test, turn on or off, delete, or redeliver one delivery. Sending happens later,
// in the background worker, never in this request.
export async function webhookAction(previous: WebhookActionState, form: FormData): Promise<WebhookActionState> {
  const attempt = previous.attempt + 1;
  const intent = formText(form, "intent");
  const webhookId = formText(form, "webhookId");
  if (intent === "delete") {
    const deleted = await runAction((actor) => deleteWebhook(actor, webhookId));
    if (!deleted.ok) return { status: "refused", attempt, message: deleted.message };
    revalidatePath("/desk/webhooks");
    redirect("/desk/webhooks?deleted=1");
  }
  let run: (actor: Actor | null) => Promise<unknown>;
  let message: string;
  if (intent === "test") {
    run = (actor) => sendTestEvent(actor, webhookId);
    message = WEBHOOK_TEST_QUEUED;
  } else if (intent === "enable" || intent === "disable") {
    run = (actor) => setWebhookEnabled(actor, webhookId, intent === "enable");
    message = intent === "enable" ? WEBHOOK_ENABLED : WEBHOOK_DISABLED;
  } else if (intent === "redeliver") {
    const deliveryId = formText(form, "deliveryId");
    run = (actor) => redeliver(actor, deliveryId);
    message = WEBHOOK_REDELIVERY_QUEUED;
  } else {
    return { status: "refused", attempt, message: CHOOSE_WEBHOOK_ACTION };
  }
  const result = await runAction(run);
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  revalidatePath("/desk/webhooks", "layout");
  return { status: "done", attempt, message };
}
