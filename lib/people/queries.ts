// The people list at /desk/people: everyone with an account, searchable by name or email and
// filterable by role, for admins only (it shows email addresses).

import "server-only";

import { z } from "zod";

import { assertCan, currentStanding, type Actor } from "@/lib/auth/actor";
import { ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/validation/parse-input";
import { singleLine } from "@/lib/validation/text";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation/uuid";
import { ADMINS_ONLY_LIST, PERSON_NOT_FOUND } from "@/lib/people/sentences";

export const PEOPLE_PAGE_SIZE = 50;

export const STATUS_LABELS: Record<UserStatus, string> = { ACTIVE: "Active", SUSPENDED: "Suspended", BANNED: "Banned" };

export interface PersonRow {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  /** A suspension that has run out counts as active, as it does when the person signs in. */
  status: UserStatus;
  suspendedUntil: Date | null;
  statusReason: string | null;
  joinedAt: Date;
  lastSignInAt: Date | null;
  /** The API key this account stands for (lib/api-keys), or null for a person. */
  integration: { name: string; revoked: boolean } | null;
}

export interface PeoplePage {
  people: PersonRow[];
  total: number;
  page: number;
  pageCount: number;
}

const listInputSchema = z.object({
  query: singleLine("The search").max(200, "Keep the search to 200 characters or fewer.").default(""),
  role: z.enum(ROLES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(PEOPLE_PAGE_SIZE),
});

export type ListPeopleInput = z.input<typeof listInputSchema>;

const personSelect = {
  id: true,
  displayName: true,
  email: true,
  role: true,
  status: true,
  suspendedUntil: true,
  statusReason: true,
  createdAt: true,
  lastSignInAt: true,
  apiKey: { select: { name: true, revokedAt: true } },
} as const satisfies Prisma.UserSelect;

function toPersonRow(row: Prisma.UserGetPayload<{ select: typeof personSelect }>, now: number): PersonRow {
  const standing = currentStanding(row, new Date(now));
  return {
    id: row.id,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    status: standing.status,
    suspendedUntil: standing.suspendedUntil,
    statusReason: standing.statusReason,
    joinedAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
    integration: row.apiKey ? { name: row.apiKey.name, revoked: row.apiKey.revokedAt !== null } : null,
  };
}

/** One person, for their page at /desk/people/<id> (admins only, as the list). */
export async function getPerson(actor: Actor | null, id: string): Promise<PersonRow> {
  assertCan(actor, "people.manage", ADMINS_ONLY_LIST);
  if (!isUuid(id)) throw new AppError("NOT_FOUND", PERSON_NOT_FOUND);
  const row = await db.user.findUnique({ where: { id }, select: personSelect });
  if (!row) throw new AppError("NOT_FOUND", PERSON_NOT_FOUND);
  return toPersonRow(row, Date.now());
}

export async function listPeople(actor: Actor | null, input: ListPeopleInput = {}): Promise<PeoplePage> {
  assertCan(actor, "people.manage", ADMINS_ONLY_LIST);
  const { query, role, page, pageSize } = parseInput(listInputSchema, input, {
    message: (fieldErrors) => fieldErrors.query?.[0] ?? "Check the search and the page number.",
  });
  const where: Prisma.UserWhereInput = {
    ...(role ? { role } : {}),
    ...(query
      ? { OR: [{ displayName: { contains: query, mode: "insensitive" } }, { email: { contains: query.toLowerCase(), mode: "insensitive" } }] }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: personSelect,
    }),
  ]);
  const now = Date.now();
  return {
    people: rows.map((row) => toPersonRow(row, now)),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
