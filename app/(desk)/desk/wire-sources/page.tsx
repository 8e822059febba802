import type { Metadata } from "next";

import { AdminTabs } from "@/components/desk/admin-tabs";
import { CreateWireSourceForm } from "@/components/wire/create-source-form";
import { RevokeButton } from "@/components/desk/revoke-button";
import { revokeWireSourceAction } from "@/lib/actions/wire";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { listWireSources } from "@/lib/wire/queries";
import { WIRE_NO_SOURCES } from "@/lib/wire/sentences";

export const metadata: Metadata = { title: "Wire sources" };

export default async function WireSourcesPage() {
  const admin = await requirePagePermission("wire.sources.manage", "/desk/wire-sources");
  const [sources, dates] = await Promise.all([listWireSources(admin), newsroomDateStyle()]);
  return (
    <>
      <AdminTabs current="Wire sources" />
      <h1 className="font-serif text-3xl font-bold">Wire sources</h1>
      <p className="mt-2 max-w-2xl text-[var(--muted)]">
        Each agency sends items to <code>POST /api/wire/v1/items</code> with its own ingest key, or drops files in its watched
        folder. Items appear under Wire; docs/wire.md has the formats and statuses.
      </p>
      <h2 className="mt-8 text-xl font-semibold">New source</h2>
      <CreateWireSourceForm />
      <h2 className="mt-10 text-xl font-semibold">Sources</h2>
      {sources.length === 0 ? (
        <p className="mt-2">{WIRE_NO_SOURCES}</p>
      ) : (
        <ul className="mt-3 max-w-3xl divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="Wire sources">
          {sources.map((source) => (
            <li key={source.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="wire-source-row">
              <div className="min-w-0">
                <p className="font-semibold break-words">
                  {source.name}
                  {source.revokedAt ? <span className="ml-2 text-sm font-normal text-[var(--accent)]">Revoked {formatDateTime(source.revokedAt, dates)}</span> : null}
                </p>
                <p className="text-sm break-words">
                  <code>{source.prefix}…</code> · credited as “{source.credit}” · folder <code>wire-inbox/{source.slug}/</code>
                </p>
                <p className="text-sm text-[var(--muted)]">
                  Created {formatDateTime(source.createdAt, dates)} · {source.itemCount} {source.itemCount === 1 ? "item" : "items"}
                </p>
              </div>
              {source.revokedAt ? null : (
                <RevokeButton
                  action={revokeWireSourceAction}
                  field="sourceId"
                  id={source.id}
                  label={source.name}
                  consequence="Its key is refused from the next item on, and its folder is no longer read. Items already received stay. This cannot be undone: the agency needs a new source."
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
