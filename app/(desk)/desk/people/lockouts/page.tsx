import type { Metadata } from "next";
import Link from "next/link";

import { requirePagePermission } from "@/lib/auth/session";
import { LOCKOUT_HISTORY_DAYS, listRecentLockouts } from "@/lib/auth/lockouts";
import { MAX_ADDRESS_FAILURES, MAX_EMAIL_FAILURES, MAX_PAIR_FAILURES, USUAL_ADDRESS_DAYS } from "@/lib/auth/sign-in";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Sign-in lockouts" };

const LOCKOUT_SCOPES: Record<string, string> = {
  address: "The address, on every account",
  "email-address": "That account, from that address",
  email: "That account, from every address but the owner's usual ones",
};

export default async function LockoutsPage() {
  const actor = await requirePagePermission("people.manage", "/desk/people/lockouts");
  const { dates } = await getSiteSettings();
  const lockouts = await listRecentLockouts(actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/people" className="underline">
          People
        </Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold">Sign-in lockouts</h1>
      <p className="mt-2 max-w-3xl text-sm text-[var(--muted)]">
        After {MAX_PAIR_FAILURES} failed sign-ins on one account from one address in 15 minutes, that address is refused for that
        account until the 15 minutes are up; after {MAX_ADDRESS_FAILURES} on any accounts, the address is refused altogether; after{" "}
        {MAX_EMAIL_FAILURES} on one account from anywhere, only the owner’s usual addresses (signed in from in the last{" "}
        {USUAL_ADDRESS_DAYS} days) and sign-ins with a two-factor code get through. The account’s owner on their own address is not
        affected. Many lockouts on one account mean someone is guessing its password.
        The last {LOCKOUT_HISTORY_DAYS} days, newest first.
      </p>
      {lockouts.length === 0 ? (
        <p className="mt-6 text-[var(--muted)]">No lockouts in the last {LOCKOUT_HISTORY_DAYS} days.</p>
      ) : (
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="py-2 text-left text-[var(--muted)]">
              {lockouts.length} {lockouts.length === 1 ? "lockout" : "lockouts"}
            </caption>
            <thead className="border-b border-[var(--rule)]">
              <tr>
                <th scope="col" className="py-2 pr-3">Email</th>
                <th scope="col" className="py-2 pr-3">Address</th>
                <th scope="col" className="py-2 pr-3">Locked</th>
                <th scope="col" className="py-2 pr-3">Until</th>
                <th scope="col" className="py-2">Refused</th>
              </tr>
            </thead>
            <tbody>
              {lockouts.map((lockout) => (
                <tr key={lockout.id} className="border-b border-[var(--rule)] align-top">
                  <td className="py-2 pr-3 break-all">{lockout.email}</td>
                  <td className="py-2 pr-3 break-all">{lockout.address}</td>
                  <td className="py-2 pr-3">
                    <time dateTime={lockout.lockedAt.toISOString()}>{formatDateTime(lockout.lockedAt, dates)}</time>
                  </td>
                  <td className="py-2 pr-3">
                    <time dateTime={lockout.until.toISOString()}>{formatDateTime(lockout.until, dates)}</time>
                    {lockout.isActive ? <span className="ml-1 font-semibold">(in force)</span> : null}
                  </td>
                  <td className="py-2">{LOCKOUT_SCOPES[lockout.kind] ?? lockout.kind}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
