import type { Metadata } from "next";
import Link from "next/link";

import { requirePagePermission } from "@/lib/auth/session";
import { getOutboxMessage } from "@/lib/email/outbox";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { refusedAsPage } from "@/lib/http/page-refusals";

export const metadata: Metadata = { title: "Message" };

interface Props {
  params: Promise<{ id: string }>;
}

export default async function OutboxMessagePage({ params }: Props) {
  const { id } = await params;
  const admin = await requirePagePermission("settings.manage", `/desk/outbox/${id}`);
  const dates = await newsroomDateStyle();
  const message = await refusedAsPage(getOutboxMessage(admin, id));
  const headers = Object.entries(message.headers);
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/outbox" className="underline">
          Outbox
        </Link>
      </p>
      <h1 className="mt-2 break-words font-serif text-2xl font-bold">{message.subject}</h1>
      <dl className="mt-4 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">To</dt>
        <dd className="break-words">{message.to}</dd>
        <dt className="font-semibold">Queued</dt>
        <dd>{formatDateTime(message.createdAt, dates)}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>
          {message.status === "SENT" && message.sentAt ? `Sent ${formatDateTime(message.sentAt, dates)}` : message.status === "FAILED" ? "Failed" : message.status === "SENDING" ? "Sending" : "Waiting"}
          {message.attempts > 0 ? ` (${message.attempts} ${message.attempts === 1 ? "try" : "tries"})` : ""}
        </dd>
        {message.lastError ? (
          <>
            <dt className="font-semibold">Last error</dt>
            <dd className="break-words">{message.lastError}</dd>
          </>
        ) : null}
        {headers.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-semibold">{name}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mt-8 text-xl font-semibold">Plain text</h2>
      <pre className="mt-2 max-w-3xl overflow-x-auto whitespace-pre-wrap break-words rounded border border-[var(--rule)] p-4 font-mono text-sm" data-testid="outbox-text">
        {message.text}
      </pre>
      <h2 className="mt-8 text-xl font-semibold">HTML</h2>
      {/* In a sandbox with nothing allowed: no scripts, no forms, no access to this page. */}
      <iframe title={`The HTML of “${message.subject}”`} sandbox="" srcDoc={message.html} className="mt-2 h-[36rem] w-full max-w-3xl rounded border border-[var(--rule)] bg-white" />
    </>
  );
}
