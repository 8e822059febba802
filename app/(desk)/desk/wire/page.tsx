import type { Metadata } from "next";
import Link from "next/link";

import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { listWireItems, listWireSourceChoices } from "@/lib/wire/queries";
import { wireFiltersSchema } from "@/lib/wire/schemas";
import { WIRE_EMPTY_LIST } from "@/lib/wire/sentences";

export const metadata: Metadata = { title: "Wire" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const URGENCIES = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export default async function WirePage({ searchParams }: Props) {
  const actor = await requirePagePermission("wire.read", "/desk/wire");
  const raw = await searchParams;
  const filters = wireFiltersSchema.parse({ source: typeof raw.source === "string" && raw.source ? raw.source : undefined, urgency: typeof raw.urgency === "string" && raw.urgency ? raw.urgency : undefined });
  const [items, sources, dates] = await refusedAsPage(Promise.all([listWireItems(actor, filters), listWireSourceChoices(actor), newsroomDateStyle()]));
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Wire</h1>
      <p className="mt-2 max-w-2xl text-[var(--muted)]">Agency copy as it arrives, newest first. Open an item as a draft to edit and publish it with the agency credited.</p>
      <form method="get" aria-label="Filter the wire" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="wire-source" className="block text-sm font-semibold">
            Source
          </label>
          <select id="wire-source" name="source" defaultValue={filters.source ?? ""} className="mt-1 rounded border border-[var(--rule)] bg-transparent px-2 py-1">
            <option value="">All sources</option>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="wire-urgency" className="block text-sm font-semibold">
            Urgency
          </label>
          <select id="wire-urgency" name="urgency" defaultValue={filters.urgency?.toString() ?? ""} className="mt-1 rounded border border-[var(--rule)] bg-transparent px-2 py-1">
            <option value="">Any</option>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border border-[var(--ink)] px-3 py-1 font-semibold">
          Filter
        </button>
      </form>
      {items.length === 0 ? (
        <p className="mt-6">{WIRE_EMPTY_LIST}</p>
      ) : (
        <ul className="mt-6 divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="Wire items">
          {items.map((item) => (
            <li key={item.id} className="py-3" data-testid="wire-item">
              <p className="text-sm text-[var(--muted)]">
                <span className="font-semibold text-[var(--ink)]">{item.sourceName}</span>
                {item.slugline ? <> · <span className="font-mono">{item.slugline}</span></> : null} · v{item.version}
                {item.urgency !== null ? ` · Urgency ${item.urgency}` : ""}
                {item.priority !== null ? ` · Priority ${item.priority}` : ""}
              </p>
              <p className="mt-1 font-semibold break-words">
                <Link href={`/desk/wire/${item.id}`} className="underline-offset-2 hover:underline">
                  {item.headline}
                </Link>
              </p>
              <p className="text-sm text-[var(--muted)]">
                Received {formatDateTime(item.receivedAt, dates)}
                {item.embargoUntil ? <span className="font-semibold text-[var(--accent)]"> · Embargoed until {formatDateTime(item.embargoUntil, dates)}</span> : null}
                {" · "}
                <span data-testid="wire-item-state">{item.state === "OPENED" ? "Opened as draft" : item.storyId ? "New version of an opened item" : "New"}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
