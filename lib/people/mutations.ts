// Admins' changes to people (editors and moderators may only suspend readers): role, suspension (may read and sign in, may not comment, until a
// time), ban (may not sign in) and reinstatement. The person is told the reason (User.statusReason,
// shown when they try to comment or sign in). The actor is loaded fresh on every request
// (lib/auth/actor.ts), so each change counts from the person's next request; a ban also ends every
// session of theirs in the same transaction, and "Sign out everywhere" ends them without a ban. Two rules keep the newsroom run: an admin cannot demote, suspend or ban themself, and
// the last admin cannot lose the role or be banned. Admins' rows are locked first, in id order,
// so two admins demoting each other at once cannot both succeed.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, currentStanding, type Actor } from "@/lib/auth/actor";
import { can, ROLES, ROLE_LABELS } from "@/lib/auth/roles";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";
import { assertAdminsRemain, type LockedPerson } from "@/lib/people/rules";
import { GIVE_A_REASON, integrationAccount, PERSON_NOT_FOUND } from "@/lib/people/sentences";
import { parseInput } from "@/lib/validation/parse-input";
import { plainText } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/uuid";

const SUSPENSION_LENGTH = "A suspension lasts between an hour and a year.";

export const MAX_REASON_LENGTH = 500;
export const MIN_SUSPENSION_MS = 60 * 60 * 1000;
export const MAX_SUSPENSION_MS = 366 * 24 * 60 * 60 * 1000;
/** A form submitted a little after it was filled in still counts as the hour it asked for. */
const SUSPENSION_SLACK_MS = 60 * 1000;

const ADMINS_ONLY = "Only admins can manage people.";
const MODERATORS_ONLY = "Only admins, editors and moderators can suspend people.";
const READERS_ONLY = "You can suspend readers only: ask an admin about a staff account.";

const reasonSchema = plainText("The reason", { error: GIVE_A_REASON })
  .min(1, GIVE_A_REASON)
  .max(MAX_REASON_LENGTH, `The reason can be at most ${MAX_REASON_LENGTH} characters.`);
const noteSchema = plainText("The note")
  .max(MAX_REASON_LENGTH, `The note can be at most ${MAX_REASON_LENGTH} characters.`)
  .optional()
  .transform((value) => (value ? value : undefined));

const changeRoleSchema = z.object({ userId: z.string(), role: z.enum(ROLES, { error: "Choose a role." }), reason: noteSchema });
const suspendSchema = z.object({
  userId: z.string(),
  until: z.coerce.date({ error: "Choose how long the suspension lasts." }),
  reason: reasonSchema,
});
const banSchema = z.object({ userId: z.string(), reason: reasonSchema });
const reinstateSchema = z.object({ userId: z.string(), reason: noteSchema });

export type ChangeRoleInput = z.input<typeof changeRoleSchema>;
export type SuspendInput = z.input<typeof suspendSchema>;
export type BanInput = z.input<typeof banSchema>;
export type ReinstateInput = z.input<typeof reinstateSchema>;

export interface PersonState {
  id: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  statusReason: string | null;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  return parseInput(schema, input ?? {});
}

type Locked = PersonState & LockedPerson;

/** Locks every admin's row, then the person's; refuses an unknown person. */
async function lockPerson(tx: Tx, userId: string): Promise<Locked> {
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", PERSON_NOT_FOUND);
  const admins = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "User" WHERE "role" = 'ADMIN' AND "status" <> 'BANNED' ORDER BY "id" FOR UPDATE`;
  const [found] = await tx.$queryRaw<Array<Omit<PersonState, "role" | "status"> & { role: Role; status: UserStatus; integration: string | null }>>`
    SELECT u."id", u."displayName", u."role"::text AS "role", u."status"::text AS "status", u."suspendedUntil", u."statusReason",
      (SELECT k."name" FROM "ApiKey" k WHERE k."userId" = u."id") AS "integration"
    FROM "User" u WHERE u."id" = ${userId}::uuid FOR UPDATE OF u`;
  if (!found) throw new AppError("NOT_FOUND", PERSON_NOT_FOUND);
  // An API key's account has the role its key was given; its powers change with the key (lib/api-keys).
  if (found.integration !== null) throw new AppError("FORBIDDEN", integrationAccount(found.integration));
  const { integration: _integration, ...row } = found;
  return { ...currentStanding(row), adminIds: admins.map((a) => a.id) };
}

function snapshot(state: Pick<PersonState, "role" | "status" | "suspendedUntil" | "statusReason">) {
  return {
    role: state.role,
    status: state.status,
    suspendedUntil: state.suspendedUntil ? state.suspendedUntil.toISOString() : null,
    statusReason: state.statusReason,
  };
}

async function writeChange(
  tx: Tx,
  admin: Actor,
  person: Locked,
  action: string,
  after: Pick<PersonState, "role" | "status" | "suspendedUntil" | "statusReason">,
  reason: string | undefined,
): Promise<PersonState> {
  const updated = await tx.user.update({
    where: { id: person.id },
    data: { role: after.role, status: after.status, suspendedUntil: after.suspendedUntil, statusReason: after.statusReason },
    select: { id: true, displayName: true, role: true, status: true, suspendedUntil: true, statusReason: true },
  });
  await recordAudit(tx, {
    actorId: admin.id,
    action,
    entityType: "user",
    entityId: person.id,
    data: { before: snapshot(person), after: snapshot(after), ...(reason ? { reason } : {}) },
  });
  return updated;
}

export async function changeRole(actor: Actor | null, input: unknown): Promise<PersonState> {
  const admin = assertCan(actor, "people.manage", ADMINS_ONLY);
  const data = parse(changeRoleSchema, input);
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, data.userId);
    if (person.role === data.role) {
      throw new AppError("INVALID_INPUT", `${person.displayName} is already ${ROLE_LABELS[data.role].toLowerCase()}.`, {
        fieldErrors: { role: ["Choose a different role."] },
      });
    }
    if (person.role === "ADMIN" || person.id === admin.id) assertAdminsRemain(admin, person, "demote");
    return writeChange(tx, admin, person, "user.role", { ...person, role: data.role }, data.reason);
  });
}

/**
 * Admins may suspend anyone but themselves; editors and moderators ("people.suspend", from the
 * moderation queue) may suspend readers only. Audited alike, as "user.suspend".
 */
export async function suspendPerson(actor: Actor | null, input: unknown): Promise<PersonState> {
  const admin = assertCan(actor, "people.suspend", MODERATORS_ONLY);
  const managesPeople = can(admin.role, "people.manage");
  const data = parse(suspendSchema, input);
  const length = data.until.getTime() - Date.now();
  if (Number.isNaN(length) || length < MIN_SUSPENSION_MS - SUSPENSION_SLACK_MS || length > MAX_SUSPENSION_MS + SUSPENSION_SLACK_MS) {
    throw new AppError("INVALID_INPUT", SUSPENSION_LENGTH, {
      fieldErrors: { until: [SUSPENSION_LENGTH] },
    });
  }
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, data.userId);
    assertAdminsRemain(admin, person, "suspend");
    if (!managesPeople && person.role !== "READER") throw new AppError("FORBIDDEN", READERS_ONLY);
    if (person.status === "BANNED") {
      throw new AppError("INVALID_TRANSITION", `${person.displayName} is banned. Reinstate them first if a suspension is enough.`);
    }
    return writeChange(tx, admin, person, "user.suspend", { ...person, status: "SUSPENDED", suspendedUntil: data.until, statusReason: data.reason }, data.reason);
  });
}

export async function banPerson(actor: Actor | null, input: unknown): Promise<PersonState> {
  const admin = assertCan(actor, "people.manage", ADMINS_ONLY);
  const data = parse(banSchema, input);
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, data.userId);
    assertAdminsRemain(admin, person, "ban");
    if (person.status === "BANNED") throw new AppError("INVALID_TRANSITION", `${person.displayName} is already banned.`);
    const changed = await writeChange(tx, admin, person, "user.ban", { ...person, status: "BANNED", suspendedUntil: null, statusReason: data.reason }, data.reason);
    // Ended, not only refused: reinstating the person later does not bring an old cookie back.
    await revokeSessionsOf(tx, person.id, "ban");
    return changed;
  });
}

const signOutEverywhereSchema = z.object({ userId: z.string() });

/** Ends every session of a person (a lost laptop, a shared password): they must sign in again everywhere. */
export async function signOutPersonEverywhere(actor: Actor | null, input: unknown): Promise<{ displayName: string; ended: number }> {
  const admin = assertCan(actor, "people.manage", ADMINS_ONLY);
  const data = parse(signOutEverywhereSchema, input);
  if (data.userId === admin.id) throw new AppError("FORBIDDEN", "To end your own other sessions, use “Sign out everywhere else” on your account page.");
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, data.userId);
    const ended = await revokeSessionsOf(tx, person.id, "everywhere");
    await recordAudit(tx, { actorId: admin.id, action: "user.signOutEverywhere", entityType: "user", entityId: person.id, data: { ended } });
    return { displayName: person.displayName, ended };
  });
}

export async function reinstatePerson(actor: Actor | null, input: unknown): Promise<PersonState> {
  const admin = assertCan(actor, "people.manage", ADMINS_ONLY);
  const data = parse(reinstateSchema, input);
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, data.userId);
    if (person.status === "ACTIVE") throw new AppError("INVALID_TRANSITION", `${person.displayName} is neither suspended nor banned.`);
    return writeChange(tx, admin, person, "user.reinstate", { ...person, status: "ACTIVE", suspendedUntil: null, statusReason: null }, data.reason);
  });
}
