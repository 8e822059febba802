import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SignUpForm } from "@/components/auth/signup-form";
import { safeCallbackUrl } from "@/lib/auth/callback";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Create an account</h1>
      <p className="mt-2 text-sm">An account lets you comment on stories.</p>
      <SignUpForm callbackUrl={callbackUrl} />
    </>
  );
}
