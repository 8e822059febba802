import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { signOutAction } from "@/lib/auth/actions";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

// Rendered per request (it reads the session): the one place on the reader site that says who is
// signed in, since the cached pages' header is the same for everyone.
export default async function AccountPage() {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent("/account")}`);
  return (
    <div className="max-w-xl">
      <h1 className="page-title">Your account</h1>
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">Name</dt>
        <dd>{actor.displayName}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>{actor.email}</dd>
        <dt className="font-semibold">Role</dt>
        <dd>{ROLE_LABELS[actor.role]}</dd>
      </dl>
      {actor.status === "SUSPENDED" ? (
        <p role="status" className="mt-6 rounded border border-[var(--rule)] p-4">
          Your account is suspended{actor.suspendedUntil ? ` until ${dateFormat.format(actor.suspendedUntil)}` : ""}: you can read, but not comment.
          {actor.statusReason ? ` Reason: ${actor.statusReason}` : ""}
        </p>
      ) : null}
      <div className="mt-8 flex flex-wrap items-center gap-4">
        {can(actor.role, "desk.open") ? (
          <Link href="/desk" className="font-semibold">
            Open the desk
          </Link>
        ) : null}
        <form action={signOutAction}>
          <button type="submit" className="rounded border border-[var(--rule)] px-4 py-2 font-semibold hover:border-[var(--ink)]">
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
