// What an admin's input about webhooks must be.

import { z } from "zod";

import { singleLine } from "@/lib/validation/text";

import { MAX_WEBHOOK_URL_LENGTH } from "./limits";
import { WEBHOOK_EVENTS } from "./event-names";
import {
  WEBHOOK_DESCRIPTION_TOO_LONG,
  WEBHOOK_EVENT_UNKNOWN,
  WEBHOOK_EVENTS_REQUIRED,
  WEBHOOK_URL_CREDENTIALS,
  WEBHOOK_URL_INVALID,
  WEBHOOK_URL_TOO_LONG,
} from "./sentences";

export const MAX_WEBHOOK_DESCRIPTION = 200;

/** Why `text` cannot be a webhook's URL at all (before any lookup); null when its form is right. */
export function webhookUrlProblem(text: string): string | null {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return WEBHOOK_URL_TOO_LONG;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return WEBHOOK_URL_INVALID;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return WEBHOOK_URL_INVALID;
  if (url.username !== "" || url.password !== "") return WEBHOOK_URL_CREDENTIALS;
  return null;
}

export const createWebhookSchema = z.object({
  url: z
    .string({ error: WEBHOOK_URL_INVALID })
    .trim()
    .superRefine((text, context) => {
      const problem = webhookUrlProblem(text);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
  description: singleLine("The description").max(MAX_WEBHOOK_DESCRIPTION, WEBHOOK_DESCRIPTION_TOO_LONG).default(""),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: WEBHOOK_EVENT_UNKNOWN }), { error: WEBHOOK_EVENTS_REQUIRED })
    .min(1, WEBHOOK_EVENTS_REQUIRED)
    .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
});

export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const webhookIdSchema = z.uuid();
