// A reader deleting their own account. They choose what happens to their comments: kept without
// their name (the author link goes, readers see "A former reader") or removed (the text goes, the
// threads stay, as when they delete a comment themselves). Staff accounts are not deleted here:
// their stories, revisions and audit trail need an admin's decision.

import "server-only";

import { deleteAccountSchema, type CommentChoice } from "@/lib/accounts/schemas";
import type { Actor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { can } from "@/lib/auth/roles";
import { assertSignedIn } from "@/lib/auth/sign-in";
import { recordAudit } from "@/lib/audit";
import { invalidateComments, lockStoriesForComments, recountReplies, recountStoryComments } from "@/lib/comments/counts";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { claimAttempt, clearRateLimit, minutesUntil, releaseAttempt } from "@/lib/rate-limit";
import { CHECK_HIGHLIGHTED_FIELDS, parseInput } from "@/lib/validation/parse-input";
import { ACCOUNT_GONE, WRONG_PASSWORD_MESSAGE } from "@/lib/accounts/sentences";

/** Wrong passwords on the delete form before it refuses for a while: a borrowed session must not become a password oracle. */
export const MAX_DELETE_PASSWORD_FAILURES = 5;
export const DELETE_FAILURE_WINDOW_MS = 15 * 60 * 1000;

export const STAFF_CANNOT_DELETE_MESSAGE =
  "Staff accounts cannot be deleted here, because stories and moderation decisions hang on them. Ask an admin to close your account.";
export { WRONG_PASSWORD_MESSAGE };

export interface DeletedAccount {
  comments: CommentChoice;
  commentCount: number;
}

function failureKey(userId: string): string {
  return `account-delete-fail:user:${userId}`;
}

function tooManyWrongPasswords(resetAt: Date): AppError {
  return new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${minutesUntil(resetAt)} minutes.`);
}

// Deletion stays open to a suspended reader (their data is theirs to remove), but the suspension
// does not end with the account: the "User" trigger of migration *_email_block_trigger keeps the
// email (hashed) blocked for sign-up until it would have ended (lib/accounts/email-block.ts). The
// audit record says so, without the email.
function signUpBlock(person: Actor): { signUpBlockedUntil?: string | null } {
  if (person.status !== "SUSPENDED") return {};
  return { signUpBlockedUntil: person.suspendedUntil ? person.suspendedUntil.toISOString() : null };
}

export async function deleteOwnAccount(actor: Actor | null, input: unknown): Promise<DeletedAccount> {
  const person = assertSignedIn(actor);
  if (can(person.role, "desk.open")) throw new AppError("FORBIDDEN", STAFF_CANNOT_DELETE_MESSAGE);
  const { comments: choice, password } = parseInput(deleteAccountSchema, input, { message: CHECK_HIGHLIGHTED_FIELDS });

  // As sign-in does (lib/auth/sign-in.ts): a full window is refused without counting another try;
  // otherwise the try is counted as a failure before its password is checked, in one atomic
  // statement, and given back when the password is right. Tries sent all at once, to one instance
  // or several, cannot all pass the peek before any of them is counted: at most
  // MAX_DELETE_PASSWORD_FAILURES reach the password check in a window.
  const key = failureKey(person.id);
  const refusedUntil = await claimAttempt(key, DELETE_FAILURE_WINDOW_MS, MAX_DELETE_PASSWORD_FAILURES);
  if (refusedUntil) throw tooManyWrongPasswords(refusedUntil);
  const user = await db.user.findUnique({ where: { id: person.id }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", ACCOUNT_GONE);
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("INVALID_INPUT", WRONG_PASSWORD_MESSAGE, { fieldErrors: { password: [WRONG_PASSWORD_MESSAGE] } });
  }
  // The password is right: this try was no guess.
  await releaseAttempt(key);

  const result = await db.$transaction(async (tx) => {
    const own = await tx.comment.findMany({ where: { authorId: person.id }, select: { storyId: true, parentId: true } });
    let touched = own;
    if (choice === "remove") {
      // Lock order of lib/comments/counts.ts: stories first, then comments, then the counts.
      await lockStoriesForComments(tx, own.map((comment) => comment.storyId));
      // RETURNING, so a comment posted from another tab a moment ago is counted too.
      touched = await tx.$queryRaw<Array<{ storyId: string; parentId: string | null }>>`
        UPDATE "Comment" SET "deletedAt" = COALESCE("deletedAt", now()), "body" = '', "bodyHash" = ''
        WHERE "authorId" = ${person.id}::uuid
        RETURNING "storyId"::text AS "storyId", "parentId"::text AS "parentId"`;
    }
    await recordAudit(tx, {
      actorId: null,
      action: "account.delete",
      entityType: "user",
      entityId: person.id,
      data: { comments: choice, commentCount: touched.length, ...signUpBlock(person) },
    });
    // Deleting the user sets authorId to null on every comment and report (onDelete: SetNull).
    await tx.user.delete({ where: { id: person.id }, select: { id: true } });
    const storyIds = [...new Set(touched.map((comment) => comment.storyId))];
    if (choice === "remove") {
      await recountStoryComments(tx, storyIds);
      await recountReplies(tx, touched.map((comment) => comment.parentId));
    }
    return { storyIds, commentCount: touched.length };
  });
  await clearRateLimit(failureKey(person.id));
  // Either way the stories' comment pages change: the name or the text is gone.
  await invalidateComments(result.storyIds);
  return { comments: choice, commentCount: result.commentCount };
}
