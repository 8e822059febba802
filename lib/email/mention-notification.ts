// "Someone mentioned you in an editorial note": queued in the transaction that records the mention
// (lib/notes/mutations.ts), so a note refused or rolled back mails nobody. Only to desk people who
// want it and may be reached: never the note's own author, a suspended or banned account, or an
// integration's account (it has no inbox). Mentions already refuse anyone who cannot open the story.

import "server-only";

import type { Tx } from "@/lib/db";
import { excerpt, unsubscribeParts } from "@/lib/email/notifications";
import { enqueueEmail } from "@/lib/email/outbox";
import { emailLink, siteName } from "@/lib/email/site";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { UNTITLED_STORY } from "@/lib/stories/sentences";

export interface MentionMail {
  storyId: string;
  noteId: string;
  authorId: string;
  text: string;
  mentionedIds: readonly string[];
}

/** Where the mail's button goes: the story in the desk, with the note open. */
export function noteLink(storyId: string, noteId: string): string {
  return emailLink(`${deskStoryPath(storyId)}?note=${encodeURIComponent(noteId)}`);
}

/** Queues one mail per person the message mentions; returns how many were queued. */
export async function queueMentionNotifications(tx: Pick<Tx, "user" | "story" | "emailMessage">, mail: MentionMail): Promise<number> {
  const ids = mail.mentionedIds.filter((id) => id !== mail.authorId);
  if (ids.length === 0) return 0;
  const [recipients, story, author] = await Promise.all([
    tx.user.findMany({
      where: { id: { in: ids }, status: "ACTIVE", emailOnMention: true, role: { in: ["ADMIN", "EDITOR", "REPORTER"] }, apiKey: null },
      select: { id: true, email: true, displayName: true },
    }),
    tx.story.findUnique({ where: { id: mail.storyId }, select: { headline: true } }),
    tx.user.findUnique({ where: { id: mail.authorId }, select: { displayName: true } }),
  ]);
  if (recipients.length === 0 || !story) return 0;
  const headline = story.headline.trim() || UNTITLED_STORY;
  const who = author?.displayName ?? "Someone";
  const site = await siteName();
  const link = noteLink(mail.storyId, mail.noteId);
  for (const person of recipients) {
    const parts = unsubscribeParts(person.id, "mentions");
    await enqueueEmail(tx, {
      kind: "mention",
      to: person.email,
      siteName: site,
      subject: `${who} mentioned you in a note on “${excerpt(headline, 80)}”`,
      headers: parts.headers,
      content: {
        greeting: `Hello ${person.displayName},`,
        paragraphs: [`${who} mentioned you in an editorial note on “${headline}”:`, `“${excerpt(mail.text)}”`],
        action: { label: "Open the note", url: link },
        footer: [`You get these emails because you work on the desk of ${site}. Change them on your account page.`],
        footerLink: parts.footerLink,
      },
    });
  }
  return recipients.length;
}
