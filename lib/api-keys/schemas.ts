// What an admin sends to create an API key.

import { z } from "zod";

import { KEY_NAME_REQUIRED, KEY_NAME_TOO_LONG, KEY_ROLE_INVALID } from "@/lib/api-keys/sentences";

export const KEY_NAME_MAX = 80;

/** The roles a key may carry: READER reads the Content API only; REPORTER and EDITOR also write through the Admin API. */
export const KEY_ROLES = ["READER", "REPORTER", "EDITOR"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const KEY_ROLE_LABELS: Record<KeyRole, string> = {
  READER: "Read only (Content API)",
  REPORTER: "Reporter (drafts, media)",
  EDITOR: "Editor (drafts, media, publishing)",
};

export const createKeySchema = z.object({
  name: z
    .string({ error: KEY_NAME_REQUIRED })
    .trim()
    .min(1, { error: KEY_NAME_REQUIRED })
    .max(KEY_NAME_MAX, { error: KEY_NAME_TOO_LONG })
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), { error: KEY_NAME_REQUIRED }),
  role: z.enum(KEY_ROLES, { error: KEY_ROLE_INVALID }),
});

export type CreateKeyInput = z.infer<typeof createKeySchema>;
