import type { Metadata } from "next";
import Link from "next/link";

import { UnsubscribeForm } from "@/components/auth/email-forms";
import { KIND_LABEL, readUnsubscribeToken } from "@/lib/email/notifications";
import { UNSUBSCRIBE_LINK_INVALID } from "@/lib/email/sentences";
import { textValue } from "@/lib/http/values";

// The unsubscribe link of a notification email: one button, no sign-in (the signed token is the
// proof). Opening the page changes nothing, since mail scanners open links; mail clients' own
// one-click unsubscribe POSTs to ./one-click instead.
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false }, referrer: "no-referrer" };

interface Props {
  searchParams: Promise<{ token?: string | string[] }>;
}

export default async function UnsubscribePage({ searchParams }: Props) {
  const token = textValue((await searchParams).token) ?? "";
  const reader = readUnsubscribeToken(token);
  return (
    <div className="max-w-xl">
      <h1 className="page-title">Unsubscribe</h1>
      {reader ? (
        <>
          <p className="mt-4">Stop the emails we send you about {KIND_LABEL[reader.kind]}?</p>
          <UnsubscribeForm token={token} label="Unsubscribe" />
        </>
      ) : (
        <p role="alert" className="mt-6 rounded border border-[var(--accent)] p-3">
          {UNSUBSCRIBE_LINK_INVALID}
        </p>
      )}
      <p className="mt-8 text-sm">
        <Link href="/account#email">Your email choices</Link>
      </p>
    </div>
  );
}
