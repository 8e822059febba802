import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { LoginForm } from "@/components/auth/login-form";
import { explicitCallbackUrl, refererPath, safeCallbackUrl } from "@/lib/auth/callback";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).callbackUrl;
  if (await getActor()) redirect(safeCallbackUrl(raw));
  // With no page asked for, a successful sign-in goes to the person's own work, or for a reader
  // back to the page they came from (lib/auth/landing.ts).
  const callbackUrl = explicitCallbackUrl(raw);
  const from = callbackUrl ? null : refererPath((await headers()).get("referer"));
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl ?? ""} from={from ?? ""} />
      <p className="mt-4 text-sm">
        <Link href="/login/forgot" className="font-semibold">
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-sm">
        New here?{" "}
        <Link href={!callbackUrl || callbackUrl === "/account" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-semibold">
          Create an account
        </Link>
      </p>
    </>
  );
}
