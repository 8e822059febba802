// Notifications by email: a reply to your comment, and a moderator's decision on your held
// comment (and, for staff, a mention in an editorial note: mention-notification.ts, with the same
// unsubscribe). Each is queued in the transaction of its event where there is one (a decision, a held
// reply approved); a reply published at once is queued right after post_comment's statement, which
// is the whole of that event. Each mail carries a one-click unsubscribe: a link to a page with one
// button (mail scanners follow links, so a GET never changes anything) and the RFC 8058 headers
// `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, whose POST needs no
// page at all. The token names the person and the kind of mail, signed with HMAC-SHA-256 under a
// key derived from AUTH_SECRET (older secrets still verify after a rotation); no sign-in needed.

import "server-only";

import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

import { z } from "zod";

import { assertSignedIn } from "@/lib/auth/sign-in";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { sessionSecrets } from "@/lib/auth/session-token";
import { discussionHref } from "@/lib/comments/queries";
import { db, type Tx } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { wakeEmailSender } from "@/lib/email/sender";
import { UNSUBSCRIBE_LINK_INVALID } from "@/lib/email/sentences";
import { emailLink, siteName } from "@/lib/email/site";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

export const NOTIFICATION_KINDS = ["replies", "decisions", "mentions"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const PREFERENCE_OF: Record<NotificationKind, "emailOnReply" | "emailOnDecision" | "emailOnMention"> = {
  replies: "emailOnReply",
  decisions: "emailOnDecision",
  mentions: "emailOnMention",
};
export const KIND_LABEL: Record<NotificationKind, string> = {
  replies: "replies to your comments",
  decisions: "moderators' decisions on your held comments",
  mentions: "mentions of you in editorial notes",
};

const keys = new Map<string, Buffer>();
function signingKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "newsdesk-unsubscribe", "Newsdesk one-click unsubscribe links", 32));
    keys.set(secret, key);
  }
  return key;
}

function signature(secret: string, userId: string, kind: NotificationKind): string {
  return createHmac("sha256", signingKey(secret)).update(`${userId}.${kind}`).digest("base64url");
}

/** The unsubscribe token for one person and one kind of mail: `<user id>.<kind>.<signature>`. */
export function unsubscribeToken(userId: string, kind: NotificationKind, secrets: readonly string[] = sessionSecrets()): string {
  const secret = secrets[0];
  if (!secret) throw new Error("AUTH_SECRET is not set: unsubscribe links cannot be signed.");
  return `${userId}.${kind}.${signature(secret, userId, kind)}`;
}

/** Whose and which mail a token stops, or null when it was not signed by us (or was cut short). */
export function readUnsubscribeToken(token: unknown, secrets: readonly string[] = sessionSecrets()): { userId: string; kind: NotificationKind } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [userId, kind, given, ...rest] = token.split(".");
  if (rest.length > 0 || !isUuid(userId) || !given || !(NOTIFICATION_KINDS as readonly string[]).includes(kind ?? "")) return null;
  const typedKind = kind as NotificationKind;
  const givenBytes = Buffer.from(given, "base64url");
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, userId, typedKind), "base64url");
    if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) return { userId, kind: typedKind };
  }
  return null;
}

/** The headers and footer link of a notification. */
export function unsubscribeParts(userId: string, kind: NotificationKind) {
  const token = unsubscribeToken(userId, kind);
  const page = emailLink(`/account/unsubscribe?token=${encodeURIComponent(token)}`);
  const oneClick = emailLink(`/account/unsubscribe/one-click?token=${encodeURIComponent(token)}`);
  return {
    headers: { "List-Unsubscribe": `<${oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    footerLink: { label: `Stop emails about ${KIND_LABEL[kind]}`, url: page },
  };
}

export function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

type Client = Pick<Tx, "comment" | "emailMessage">;

/**
 * Queues "someone replied to your comment" for the parent's author, when the reply is published, is
 * by someone else, and the author wants these mails and may be reached. Returns whether it queued.
 */
export async function queueReplyNotification(client: Client, replyId: string): Promise<boolean> {
  const reply = await client.comment.findUnique({
    where: { id: replyId },
    select: {
      status: true,
      body: true,
      deletedAt: true,
      authorId: true,
      author: { select: { displayName: true } },
      story: { select: { headline: true, slug: true, section: { select: { slug: true } } } },
      parent: { select: { author: { select: { id: true, email: true, displayName: true, status: true, emailOnReply: true } } } },
    },
  });
  const recipient = reply?.parent?.author;
  if (!reply || !recipient || reply.status !== "APPROVED" || reply.deletedAt) return false;
  if (recipient.id === reply.authorId || !recipient.emailOnReply || recipient.status === "BANNED" || !reply.story.section) return false;
  const link = emailLink(`${discussionHref({ sectionSlug: reply.story.section.slug, slug: reply.story.slug })}?comment=${replyId}#comment-${replyId}`);
  const who = reply.author?.displayName ?? "A reader";
  const parts = unsubscribeParts(recipient.id, "replies");
  const site = await siteName();
  await enqueueEmail(client, {
    kind: "reply",
    to: recipient.email,
    siteName: site,
    subject: `${who} replied to your comment on “${excerpt(reply.story.headline, 80)}”`,
    headers: parts.headers,
    content: {
      greeting: `Hello ${recipient.displayName},`,
      paragraphs: [`${who} replied to your comment on “${reply.story.headline}”:`, `“${excerpt(reply.body)}”`],
      action: { label: "Read the reply", url: link },
      footer: [`You get these emails because you comment on ${site}. Change them on your account page.`],
      footerLink: parts.footerLink,
    },
  });
  return true;
}

/**
 * Queues the decision on a held comment for its author, in the moderator's transaction: approved
 * (now shown) or rejected (with the reason). Spam decisions are not told.
 */
export async function queueDecisionNotification(client: Client, commentId: string, decision: "approve" | "reject", reason: string | null): Promise<boolean> {
  const comment = await client.comment.findUnique({
    where: { id: commentId },
    select: {
      body: true,
      author: { select: { id: true, email: true, displayName: true, status: true, emailOnDecision: true } },
      story: { select: { headline: true, slug: true, section: { select: { slug: true } } } },
    },
  });
  const author = comment?.author;
  if (!comment || !author || !author.emailOnDecision || author.status === "BANNED" || !comment.story.section) return false;
  const parts = unsubscribeParts(author.id, "decisions");
  const approved = decision === "approve";
  const link = emailLink(`${discussionHref({ sectionSlug: comment.story.section.slug, slug: comment.story.slug })}${approved ? `?comment=${commentId}#comment-${commentId}` : ""}`);
  const site = await siteName();
  await enqueueEmail(client, {
    kind: "decision",
    to: author.email,
    siteName: site,
    subject: approved ? `Your comment on “${excerpt(comment.story.headline, 80)}” is published` : `Your comment on “${excerpt(comment.story.headline, 80)}” was not published`,
    headers: parts.headers,
    content: {
      greeting: `Hello ${author.displayName},`,
      paragraphs: [
        approved
          ? `A moderator has approved your comment on “${comment.story.headline}”, and it is now shown:`
          : `A moderator decided not to publish your comment on “${comment.story.headline}”.${reason ? ` The reason given: ${reason}` : ""}`,
        `“${excerpt(comment.body)}”`,
      ],
      action: { label: approved ? "See your comment" : "Go to the discussion", url: link },
      footer: [`You get these emails because your comment was held for a moderator on ${site}. Change them on your account page.`],
      footerLink: parts.footerLink,
    },
  });
  return true;
}

/** After a reply was published by post_comment: queue its notification, and send it soon. Never fails the post. */
export async function notifyReplyPosted(replyId: string): Promise<void> {
  try {
    if (await queueReplyNotification(db, replyId)) wakeEmailSender();
  } catch (error) {
    console.error(`Could not queue the reply notification for comment ${replyId}`, error);
  }
}

/** Turns one kind of mail off for the token's person (no sign-in: the signed token is the proof). */
export async function unsubscribe(token: unknown): Promise<{ kind: NotificationKind }> {
  const reader = readUnsubscribeToken(token);
  if (!reader) throw new AppError("INVALID_INPUT", UNSUBSCRIBE_LINK_INVALID);
  await db.user.updateMany({ where: { id: reader.userId }, data: { [PREFERENCE_OF[reader.kind]]: false } });
  return { kind: reader.kind };
}

export interface EmailPreferences {
  emailOnReply: boolean;
  emailOnDecision: boolean;
  /** Staff only: an editorial note names them (readers cannot be mentioned). */
  emailOnMention: boolean;
}

/** The signed-in person's notification choices, for /account. */
export async function getEmailPreferences(actor: Actor | null): Promise<EmailPreferences> {
  const person = assertSignedIn(actor);
  const row = await db.user.findUnique({ where: { id: person.id }, select: { emailOnReply: true, emailOnDecision: true, emailOnMention: true } });
  return row ?? { emailOnReply: false, emailOnDecision: false, emailOnMention: false };
}

const checkbox = z.union([z.boolean(), z.enum(["on", "off", "true", "false"])]).transform((v) => v === true || v === "on" || v === "true");
const preferencesSchema = z.object({ emailOnReply: checkbox, emailOnDecision: checkbox, emailOnMention: checkbox.optional() });

/**
 * Saves the signed-in person's notification choices. The mention choice is only staff's (a reader's
 * form has no such box), and is left as it is when not given.
 */
export async function updateEmailPreferences(actor: Actor | null, input: unknown): Promise<EmailPreferences> {
  const person = assertSignedIn(actor);
  const { emailOnMention, ...rest } = parseInput(preferencesSchema, input ?? {});
  const data = emailOnMention !== undefined && can(person.role, "desk.open") ? { ...rest, emailOnMention } : rest;
  await db.user.updateMany({ where: { id: person.id }, data });
  const row = await db.user.findUnique({ where: { id: person.id }, select: { emailOnMention: true } });
  return { ...rest, emailOnMention: row?.emailOnMention ?? false };
}
