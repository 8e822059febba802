import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackUrl } from "@/lib/auth/callback";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} />
      <p className="mt-6 text-sm">
        New here?{" "}
        <Link href={callbackUrl === "/account" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-semibold">
          Create an account
        </Link>
      </p>
    </>
  );
}
