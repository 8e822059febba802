// Confirming a new reader's email. A setting (CONFIRM_EMAIL_KEY in the Setting table, an admin's
// switch on /desk/settings): while it is on, sign-up mails a one-time link (lib/email/tokens.ts,
// a day), and a reader who has not followed it ("User"."emailUnconfirmed") may read but not
// comment while the setting stays on. The refusal is made by
// the database, on every insert of a comment (the trigger of prisma/migrations/*_email), so every
// way of posting refuses them; lib/comments/post.ts tells them why, and the discussion page shows
// it where the form would be. Accounts made while the setting was off, or by an admin, are never
// asked; a reset password (which proves the address) confirms it too.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { assertSignedIn } from "@/lib/auth/sign-in";
import { db, type Tx } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { wakeEmailSender } from "@/lib/email/sender";
import { ALREADY_CONFIRMED, CONFIRM_LINK_INVALID, ONLY_ADMINS_EMAIL_SETTINGS, TOO_MANY_CONFIRMATIONS } from "@/lib/email/sentences";
import { emailLink, siteName } from "@/lib/email/site";
import { consumeToken, issueToken } from "@/lib/email/tokens";
import { AppError } from "@/lib/errors";
import { hitRateLimit } from "@/lib/rate-limit";
import { parseInput } from "@/lib/validation/parse-input";
import { CHOOSE_YES_OR_NO } from "@/lib/validation/sentences";

/** The setting's key; the trigger of prisma/migrations/20261206211000_email names it too. */
export const CONFIRM_EMAIL_KEY = "accounts.confirmEmail";
export const CONFIRM_TTL_MS = 24 * 60 * 60 * 1000;
const RESEND_WINDOW_MS = 60 * 60 * 1000;
/** New links one person may ask for in an hour. */
export const MAX_CONFIRMATIONS_PER_HOUR = 3;

type Client = Pick<Tx, "setting">;

async function readConfirmSetting(client: Client = db): Promise<boolean> {
  const row = await client.setting.findUnique({ where: { key: CONFIRM_EMAIL_KEY }, select: { value: true } });
  return row?.value === true;
}

/** Whether new readers must confirm their email, for the settings page (admins). */
export async function getEmailConfirmationSetting(actor: Actor | null): Promise<{ requireEmailConfirmation: boolean }> {
  assertCan(actor, "settings.manage", ONLY_ADMINS_EMAIL_SETTINGS);
  return { requireEmailConfirmation: await readConfirmSetting() };
}

const settingSchema = z.object({
  requireEmailConfirmation: z.union([z.boolean(), z.enum(["on", "off", "true", "false"])], { error: CHOOSE_YES_OR_NO }).transform((v) => v === true || v === "on" || v === "true"),
});

/** Turns the requirement on or off (admins); audited. */
export async function updateEmailConfirmationSetting(actor: Actor | null, input: unknown): Promise<{ requireEmailConfirmation: boolean }> {
  const admin = assertCan(actor, "settings.manage", ONLY_ADMINS_EMAIL_SETTINGS);
  const { requireEmailConfirmation } = parseInput(settingSchema, input ?? {}, { message: CHOOSE_YES_OR_NO });
  await db.$transaction(async (tx) => {
    const before = await readConfirmSetting(tx);
    await tx.setting.upsert({
      where: { key: CONFIRM_EMAIL_KEY },
      create: { key: CONFIRM_EMAIL_KEY, value: requireEmailConfirmation },
      update: { value: requireEmailConfirmation },
      select: { key: true },
    });
    if (before !== requireEmailConfirmation) {
      await recordAudit(tx, { actorId: admin.id, action: "setting.update", entityType: "setting", entityId: CONFIRM_EMAIL_KEY, data: { before, after: requireEmailConfirmation } });
    }
  });
  return { requireEmailConfirmation };
}

/** Queues the confirmation email for a reader, in the caller's transaction; a new link replaces an older one. */
export async function queueConfirmationEmail(tx: Tx, user: { id: string; email: string; displayName: string }): Promise<void> {
  const token = await issueToken(tx, user.id, "EMAIL_CONFIRM", CONFIRM_TTL_MS);
  const site = await siteName();
  await enqueueEmail(tx, {
    kind: "confirm-email",
    to: user.email,
    siteName: site,
    subject: `Confirm your email for ${site}`,
    content: {
      greeting: `Hello ${user.displayName},`,
      paragraphs: [`Thank you for joining ${site}. Confirm that this is your email address, and you can comment on our stories.`],
      action: { label: "Confirm my email", url: emailLink(`/account/confirm-email?token=${token}`) },
      footer: ["The link works once, for a day.", "If you did not create an account, ignore this email."],
    },
  });
}

/** At sign-up, in its transaction: when the setting is on, marks the reader unconfirmed and queues the link; true if it did. */
export async function confirmationAtSignUp(tx: Tx, user: { id: string; email: string; displayName: string }): Promise<boolean> {
  if (!(await readConfirmSetting(tx))) return false;
  await tx.user.update({ where: { id: user.id }, data: { emailUnconfirmed: true }, select: { id: true } });
  await queueConfirmationEmail(tx, user);
  return true;
}

/** Whether the signed-in person must confirm their email before commenting (the setting is on and they have not). */
export async function mustConfirmEmail(actor: Actor | null): Promise<boolean> {
  if (!actor || actor.role !== "READER") return false;
  const rows = await db.$queryRaw<Array<{ must: boolean }>>`
    SELECT (u."emailUnconfirmed" AND EXISTS (SELECT 1 FROM "Setting" s WHERE s."key" = ${CONFIRM_EMAIL_KEY} AND s."value" = 'true'::jsonb)) AS "must"
    FROM "User" u WHERE u."id" = ${actor.id}::uuid`;
  return rows[0]?.must === true;
}

/** Sends the signed-in reader a new confirmation link (rate limited). */
export async function resendConfirmation(actor: Actor | null): Promise<{ sent: true }> {
  const person = assertSignedIn(actor);
  const user = await db.user.findUnique({ where: { id: person.id }, select: { id: true, email: true, displayName: true, emailUnconfirmed: true } });
  if (!user) throw new AppError("NOT_FOUND", ALREADY_CONFIRMED);
  if (!user.emailUnconfirmed) throw new AppError("INVALID_TRANSITION", ALREADY_CONFIRMED);
  const limit = await hitRateLimit(`confirm-email:user:${user.id}`, RESEND_WINDOW_MS);
  if (limit.count > MAX_CONFIRMATIONS_PER_HOUR) throw new AppError("RATE_LIMITED", TOO_MANY_CONFIRMATIONS);
  await db.$transaction((tx) => queueConfirmationEmail(tx, user));
  wakeEmailSender();
  return { sent: true };
}

/** Confirms the email whose link this is (no actor: the link is the proof); once. */
export async function confirmEmail(token: unknown): Promise<{ userId: string }> {
  return db.$transaction(async (tx) => {
    const used = await consumeToken(tx, token, "EMAIL_CONFIRM");
    if (!used) throw new AppError("INVALID_INPUT", CONFIRM_LINK_INVALID);
    await tx.user.updateMany({ where: { id: used.userId, emailUnconfirmed: true }, data: { emailUnconfirmed: false } });
    await recordAudit(tx, { actorId: used.userId, action: "account.confirm-email", entityType: "user", entityId: used.userId });
    return used;
  });
}
