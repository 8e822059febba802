// Mention notifications: a note or reply that names a desk person queues a mail in its own
// transaction; the real SMTP server (scripts/lib/smtp-sink.ts) receives it; its one-click
// unsubscribe turns only mentions off. Each test's people have their own mail domain (toSuffix),
// since other test files share the database.

import { describe, expect, it } from "vitest";

import { POST as oneClickUnsubscribe } from "@/app/(site)/account/unsubscribe/one-click/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { loadActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { getEmailPreferences, updateEmailPreferences } from "@/lib/email/notifications";
import { escapeHtml } from "@/lib/email/render";
import { sendDueEmails } from "@/lib/email/sender";
import { smtpTransport } from "@/lib/email/transport";
import { addNote, replyToNote } from "@/lib/notes/mutations";
import type { SmtpSink } from "@/scripts/lib/smtp-sink";
import { makeActor, makeStory, makeUser, unique } from "@/tests/integration/factories";
import { smtpHarness } from "@/tests/integration/smtp";

const { sink, track } = smtpHarness();

/** Sends whatever is queued for `domain` to the server. */
async function deliver(server: SmtpSink, domain: string) {
  const transport = smtpTransport(server.url, { connectionMs: 5000, greetingMs: 5000, socketMs: 5000 }, 1);
  track(transport);
  return sendDueEmails({ transport, toSuffix: `@${domain}` });
}

async function deskPerson(role: "EDITOR" | "REPORTER" | "ADMIN", domain: string) {
  const user = await makeUser(role, { email: `${unique(role.toLowerCase())}@${domain}` });
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("no actor");
  return actor;
}

/** A header as the message carries it (mailparser reads List-* headers into objects). */
function rawHeader(mail: { raw: string }, name: string): string {
  const head = (mail.raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
}

const note = (storyId: string, text: string) => ({ storyId, noteId: crypto.randomUUID(), quote: "the council", text });

describe("mention notifications", () => {
  it("mails the person a note names, with the story, the text escaped and a link that opens the note; one click stops them", async () => {
    const server = await sink();
    const domain = `${unique("m")}.test`;
    const writer = await deskPerson("EDITOR", domain);
    const named = await deskPerson("EDITOR", domain);
    const story = await makeStory();
    const headline = unique("Council <budget> & the bridge");
    await db.story.update({ where: { id: story.id }, data: { headline } });

    // The writer names themself too: no mail to the author.
    const input = note(story.id, `@${named.displayName} is the figure <b>right</b>? cc @${writer.displayName}`);
    await addNote(writer, input);
    expect(await deliver(server, domain)).toMatchObject({ claimed: 1, sent: 1 });

    const [mail, ...more] = server.received;
    expect(more).toHaveLength(0);
    expect(mail!.to).toEqual([named.email]);
    expect(mail!.subject).toBe(`${writer.displayName} mentioned you in a note on “${headline}”`);
    expect(mail!.text).toContain(`Hello ${named.displayName},`);
    expect(mail!.text).toContain(`${writer.displayName} mentioned you in an editorial note on “${headline}”:`);
    expect(mail!.text).toContain(`“${input.text}”`);
    expect(mail!.text).toContain(`/desk/stories/${story.id}?note=${input.noteId}`);
    expect(mail!.html).toContain("is the figure &lt;b&gt;right&lt;/b&gt;?");
    expect(mail!.html).toContain(escapeHtml(headline));
    expect(mail!.html).not.toContain("<b>right</b>");
    expect(rawHeader(mail!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");

    // A reply that names them mails again; following the List-Unsubscribe address (a mail client's
    // one-click POST) turns mentions off, and only mentions.
    await replyToNote(writer, { noteId: input.noteId, text: `@${named.displayName} any news?` });
    await deliver(server, domain);
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.text).toContain("“@");
    const address = /<([^>]+)>/.exec(rawHeader(server.received[1]!, "List-Unsubscribe"))?.[1] ?? "";
    expect(address).toContain("/account/unsubscribe/one-click?token=");
    const response = await oneClickUnsubscribe(new Request(address, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }));
    expect(response.status).toBe(200);
    expect(await getEmailPreferences(named)).toEqual({ emailOnReply: true, emailOnDecision: true, emailOnMention: false });

    await addNote(writer, note(story.id, `@${named.displayName} one more thing`));
    expect((await deliver(server, domain)).claimed).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(await db.emailMessage.count({ where: { to: named.email, kind: "mention" } })).toBe(2);
  });

  it("mails nobody for a refused note, a person who turned mentions off on /account, or an integration's account", async () => {
    const domain = `${unique("n")}.test`;
    const editor = await deskPerson("EDITOR", domain);
    const quiet = await deskPerson("REPORTER", domain);
    const other = await deskPerson("ADMIN", domain);
    const story = await makeStory({ createdById: quiet.id });

    // Turned off on /account (the staff form's box).
    expect(await updateEmailPreferences(quiet, { emailOnReply: true, emailOnDecision: true, emailOnMention: false })).toMatchObject({ emailOnMention: false });
    await addNote(editor, note(story.id, `@${quiet.displayName} please check`));
    expect(await db.emailMessage.count({ where: { to: quiet.email } })).toBe(0);

    // A note refused (it names a reporter who cannot open the story) writes nothing, mail included.
    const outsider = await makeActor("REPORTER");
    await expect(addNote(editor, note(story.id, `@${other.displayName} and @${outsider.displayName}`))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.emailMessage.count({ where: { to: other.email } })).toBe(0);

    // An integration's account can be named (it may edit), but has no inbox.
    const key = await createApiKey(await makeActor("ADMIN"), { name: unique("Wire bot"), role: "EDITOR" });
    const bot = await db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { user: { select: { id: true, email: true, displayName: true } } } });
    const added = await addNote(editor, note(story.id, `@${bot.user.displayName} and @${other.displayName}`));
    expect(added.mentioned).toContain(bot.user.id);
    expect(await db.emailMessage.count({ where: { to: bot.user.email } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to: other.email, kind: "mention" } })).toBe(1);
  });

  it("a reader's preferences leave the mention choice alone; a suspended person gets no mail", async () => {
    const domain = `${unique("r")}.test`;
    const reader = await makeActor("READER");
    await updateEmailPreferences(reader, { emailOnReply: false, emailOnDecision: true, emailOnMention: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { emailOnMention: true } })).emailOnMention).toBe(true);

    const editor = await deskPerson("EDITOR", domain);
    const suspended = await deskPerson("EDITOR", domain);
    const story = await makeStory();
    await db.user.update({ where: { id: suspended.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 86_400_000) } });
    await addNote(editor, note(story.id, `@${suspended.displayName} see this`));
    expect(await db.emailMessage.count({ where: { to: suspended.email } })).toBe(0);
  });
});
