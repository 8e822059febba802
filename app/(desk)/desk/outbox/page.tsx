import type { Metadata } from "next";
import Link from "next/link";

import { requirePagePermission } from "@/lib/auth/session";
import { listOutbox, OUTBOX_PAGE } from "@/lib/email/outbox";
import { MAX_ATTEMPTS } from "@/lib/email/sender";
import { smtpConfigured } from "@/lib/email/transport";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { textValue } from "@/lib/http/values";
import type { EmailStatus } from "@/lib/generated/prisma/enums";
import { AdminTabs } from "@/components/desk/admin-tabs";

export const metadata: Metadata = { title: "Outbox" };

const STATUS_LABEL: Record<EmailStatus, string> = { QUEUED: "Waiting", SENDING: "Sending", SENT: "Sent", FAILED: "Failed" };
const STATUSES: EmailStatus[] = ["QUEUED", "SENDING", "SENT", "FAILED"];

interface Props {
  searchParams: Promise<{ status?: string | string[] }>;
}

export default async function OutboxPage({ searchParams }: Props) {
  const admin = await requirePagePermission("settings.manage", "/desk/outbox");
  const dates = await newsroomDateStyle();
  const raw = textValue((await searchParams).status);
  const status = STATUSES.find((s) => s === raw);
  const { rows, counts } = await refusedAsPage(listOutbox(admin, { status }));
  const sending = smtpConfigured();
  return (
    <>
      <AdminTabs current="Outbox" />
      <h1 className="font-serif text-3xl font-bold">Outbox</h1>
      <p className="mt-2 max-w-3xl">
        {sending
          ? `Every email the site sends, newest first. Mail goes out through the SMTP server set in SMTP_URL; a message the server refuses is tried again, up to ${MAX_ATTEMPTS} times.`
          : "No mail server is set (SMTP_URL), so no email leaves the site: every message waits here, and you can read it. Set SMTP_URL to send them."}
      </p>
      <nav aria-label="Filter by status" className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link href="/desk/outbox" aria-current={!status ? "page" : undefined} className={!status ? "font-bold no-underline" : ""}>
          All
        </Link>
        {STATUSES.map((s) => (
          <Link key={s} href={`/desk/outbox?status=${s}`} aria-current={status === s ? "page" : undefined} className={status === s ? "font-bold no-underline" : ""}>
            {STATUS_LABEL[s]} ({counts[s].toLocaleString("en-GB")})
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="mt-6 text-[var(--muted)]">No messages.</p>
      ) : (
        <ol className="mt-6 divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="Messages">
          {rows.map((row) => (
            <li key={row.id} className="py-3">
              <p className="break-words font-semibold">
                <Link href={`/desk/outbox/${row.id}`}>{row.subject}</Link>
              </p>
              <p className="mt-1 break-words text-sm">
                To {row.to} · {formatDateTime(row.createdAt, dates)} · <span className="font-semibold">{STATUS_LABEL[row.status]}</span>
                {row.status === "SENT" && row.sentAt ? ` ${formatDateTime(row.sentAt, dates)}` : ""}
                {row.attempts > 0 && row.status !== "SENT" ? ` · ${row.attempts} ${row.attempts === 1 ? "try" : "tries"}` : ""}
              </p>
              {row.lastError && row.status !== "SENT" ? <p className="mt-1 break-words text-sm text-[var(--muted)]">Last error: {row.lastError}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {rows.length === OUTBOX_PAGE ? <p className="mt-4 text-sm text-[var(--muted)]">The newest {OUTBOX_PAGE} are shown.</p> : null}
    </>
  );
}
