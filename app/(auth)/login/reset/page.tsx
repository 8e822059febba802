import type { Metadata } from "next";
import Link from "next/link";

import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isResetLinkLive } from "@/lib/accounts/password-reset";
import { RESET_LINK_INVALID } from "@/lib/email/sentences";
import { textValue } from "@/lib/http/values";

// The token is in the address: no other site is told it through the Referer header.
export const metadata: Metadata = { title: "Choose a new password", robots: { index: false }, referrer: "no-referrer" };

interface Props {
  searchParams: Promise<{ token?: string | string[] }>;
}

export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = textValue((await searchParams).token) ?? "";
  const live = await isResetLinkLive(token);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Choose a new password</h1>
      {live ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <p role="alert" className="mt-6 rounded border border-[var(--accent)] p-3">
            {RESET_LINK_INVALID}
          </p>
          <p className="mt-6">
            <Link href="/login/forgot" className="font-semibold">
              Send me a new link
            </Link>
          </p>
        </>
      )}
    </>
  );
}
