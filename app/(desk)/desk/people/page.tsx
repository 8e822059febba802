import type { Metadata } from "next";
import Link from "next/link";

import { IntegrationBadge } from "@/components/people/integration-badge";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDate, formatDateTime } from "@/lib/format";
import type { Role } from "@/lib/generated/prisma/enums";
import { textValue } from "@/lib/http/values";
import { listPeople, STATUS_LABELS } from "@/lib/people/queries";
import { FilterSelect, SearchField } from "@/components/ui/filter-fields";

export const metadata: Metadata = { title: "People" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const fieldClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5";

export default async function PeoplePage({ searchParams }: Props) {
  const actor = await requirePagePermission("people.manage", "/desk/people");
  const { dates } = await getSiteSettings();
  const params = await searchParams;
  const query = (textValue(params.q) ?? "").slice(0, 200);
  const roleParam = textValue(params.role) ?? "";
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as Role) : undefined;
  const pageNumber = Math.min(Math.max(1, Number.parseInt(textValue(params.page) ?? "", 10) || 1), 100_000);
  // A search with a control character in it is refused with the reason; the list shows everyone.
  const { result, problem } = await listPeople(actor, { query, ...(role ? { role } : {}), page: pageNumber }).then(
    (found) => ({ result: found, problem: null }),
    async (error: unknown) => {
      if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
      return { result: await listPeople(actor, { ...(role ? { role } : {}), page: 1 }), problem: error.message };
    },
  );
  const filtered = Boolean(query || role);
  const pageHref = (page: number) => {
    const search = new URLSearchParams();
    if (query) search.set("q", query);
    if (role) search.set("role", role);
    if (page > 1) search.set("page", String(page));
    const qs = search.toString();
    return qs ? `/desk/people?${qs}` : "/desk/people";
  };

  return (
    <>
      <h1 className="font-serif text-3xl font-bold">People</h1>
      <p className="mt-2 text-sm text-[var(--muted)]">
        Changes count from the person’s next request. A suspended person can sign in and read but not comment; a banned person cannot
        sign in. Both are told the reason you give. A ban, and “Sign out everywhere”, end every session the person has. Choose a
        person to change their role, suspend, ban or sign them out.
      </p>
      <p className="mt-2 text-sm">
        <Link href="/desk/people/lockouts" className="underline">
          Recent sign-in lockouts
        </Link>
      </p>
      <form method="get" role="search" aria-label="Find people" className="mt-4 grid gap-3 text-sm sm:grid-cols-3">
        <div className="sm:col-span-2">
          <SearchField label="Name or email" query={query} problem={problem} className={fieldClass} />
        </div>
        <div>
          <FilterSelect
            id="role-filter"
            name="role"
            label="Role"
            anyLabel="Any role"
            value={role ?? ""}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            className={fieldClass}
          />
        </div>
        <div className="flex items-end gap-3 sm:col-span-3">
          <button type="submit" className="rounded border border-[var(--ink)] px-4 py-1.5 font-semibold">
            Find
          </button>
          {filtered ? (
            <Link href="/desk/people" className="underline">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {problem ? (
        <p id="search-problem" role="alert" className="mt-4 font-semibold text-[var(--accent)]">
          {problem}
        </p>
      ) : null}

      {result.people.length === 0 ? (
        <p className="mt-6 text-[var(--muted)]">{filtered ? "Nobody matches." : "Nobody has an account yet."}</p>
      ) : (
        <table className="mt-6 w-full table-fixed text-left text-sm">
          <caption className="py-2 text-left text-[var(--muted)]">
            People, newest accounts first: {result.total} {result.total === 1 ? "person" : "people"}
            {result.pageCount > 1 ? `, page ${result.page} of ${result.pageCount}` : ""}
          </caption>
          <thead className="border-b border-[var(--rule)]">
            <tr>
              <th scope="col" className="w-1/2 py-2 pr-3 sm:w-2/5">
                Name and email
              </th>
              <th scope="col" className="py-2 pr-3">
                Role
              </th>
              <th scope="col" className="py-2 pr-3">
                Status
              </th>
              <th scope="col" className="hidden py-2 sm:table-cell">
                Joined
              </th>
            </tr>
          </thead>
          <tbody>
            {result.people.map((person) => (
              <tr key={person.id} className="border-b border-[var(--rule)] align-top">
                <th scope="row" className="py-2 pr-3 font-normal">
                  <Link href={`/desk/people/${person.id}`} className="font-semibold underline">
                    {person.displayName}
                  </Link>
                  {person.id === actor.id ? <span className="text-[var(--muted)]"> (you)</span> : null}
                  {person.integration ? <IntegrationBadge revoked={person.integration.revoked} /> : null}
                  <span className="block break-all text-[var(--muted)]">{person.email}</span>
                </th>
                <td className="py-2 pr-3">{ROLE_LABELS[person.role]}</td>
                <td className="py-2 pr-3 break-words">
                  {STATUS_LABELS[person.status]}
                  {person.suspendedUntil ? ` until ${formatDateTime(person.suspendedUntil, dates)}` : null}
                  {person.statusReason ? <span className="block text-[var(--muted)]">Reason: {person.statusReason}</span> : null}
                </td>
                <td className="hidden py-2 sm:table-cell">{formatDate(person.joinedAt, dates)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {result.pageCount > 1 ? (
        <nav aria-label="Pages of people" className="mt-6 flex gap-4 text-sm">
          {result.page > 1 ? (
            <Link href={pageHref(result.page - 1)} className="underline">
              Previous page
            </Link>
          ) : null}
          {result.page < result.pageCount ? (
            <Link href={pageHref(result.page + 1)} className="underline">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
