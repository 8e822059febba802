import type { Metadata } from "next";

import { ConfirmEmailForm } from "@/components/auth/email-forms";
import { textValue } from "@/lib/http/values";

// A button rather than confirming on sight: mail scanners open links, and a GET changes nothing.
export const metadata: Metadata = { title: "Confirm your email", robots: { index: false }, referrer: "no-referrer" };

interface Props {
  searchParams: Promise<{ token?: string | string[] }>;
}

export default async function ConfirmEmailPage({ searchParams }: Props) {
  const token = textValue((await searchParams).token) ?? "";
  return (
    <div className="max-w-xl">
      <h1 className="page-title">Confirm your email</h1>
      <p className="mt-4">Confirm that this email address is yours, and you can comment on our stories.</p>
      <ConfirmEmailForm token={token} />
    </div>
  );
}
