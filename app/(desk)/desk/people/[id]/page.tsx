import type { Metadata } from "next";
import Link from "next/link";

import { IntegrationBadge } from "@/components/people/integration-badge";
import { PersonActions } from "@/components/people/person-actions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDate, formatDateTime } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { MAX_REASON_LENGTH } from "@/lib/people/mutations";
import { getPerson, STATUS_LABELS } from "@/lib/people/queries";

export const metadata: Metadata = { title: "Person" };

interface Props {
  params: Promise<{ id: string }>;
}

// One person's page: who they are, and every change an admin can make to them, in one panel.
export default async function PersonPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("people.manage", `/desk/people/${encodeURIComponent(id)}`);
  const { dates } = await getSiteSettings();
  const person = await refusedAsPage(getPerson(actor, id));
  const own = person.id === actor.id;

  return (
    <>
      <p className="text-sm">
        <Link href="/desk/people" className="underline">
          All people
        </Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold break-words">{person.displayName}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">Email</dt>
        <dd className="break-all">{person.email}</dd>
        <dt className="font-semibold">Role</dt>
        <dd>{ROLE_LABELS[person.role]}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>
          {STATUS_LABELS[person.status]}
          {person.suspendedUntil ? ` until ${formatDateTime(person.suspendedUntil, dates)}` : null}
          {person.statusReason ? <span className="block text-[var(--muted)]">Reason: {person.statusReason}</span> : null}
        </dd>
        <dt className="font-semibold">Joined</dt>
        <dd>{formatDate(person.joinedAt, dates)}</dd>
        <dt className="font-semibold">Last sign-in</dt>
        <dd>{person.lastSignInAt ? formatDateTime(person.lastSignInAt, dates) : "Never"}</dd>
      </dl>
      <div className="mt-6">
        {person.integration ? (
          <p>
            <IntegrationBadge revoked={person.integration.revoked} /> This account stands for the integration “{person.integration.name}”: its role is
            the one its key was given. Change or revoke the key under{" "}
            <Link href="/desk/integrations" className="underline">
              Settings, Integrations
            </Link>
            .
          </p>
        ) : own ? (
          <p className="text-[var(--muted)]">This is your own account: another admin can change it.</p>
        ) : (
          <PersonActions person={person} maxReason={MAX_REASON_LENGTH} />
        )}
      </div>
    </>
  );
}
