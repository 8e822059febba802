import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { explicitCallbackUrl } from "@/lib/auth/callback";
import { landingFor } from "@/lib/auth/landing";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Signed in", robots: { index: false } };

interface Props {
  searchParams: Promise<{ from?: string | string[] }>;
}

// A sign-in that named no page comes here: each role goes on to its own work, a reader back to the
// page they came from (lib/auth/landing.ts). Nothing is rendered.
export default async function SignedInPage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor) redirect("/login");
  redirect(landingFor(actor.role, explicitCallbackUrl((await searchParams).from)));
}
