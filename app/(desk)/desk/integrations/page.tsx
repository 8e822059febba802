import type { Metadata } from "next";

import { CreateKeyForm } from "@/components/integrations/create-key-form";
import { RevokeButton } from "@/components/desk/revoke-button";
import { revokeApiKeyAction } from "@/lib/actions/api-keys";
import { listApiKeys } from "@/lib/api-keys/queries";
import { KEY_ROLE_LABELS, type KeyRole } from "@/lib/api-keys/schemas";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { AdminTabs } from "@/components/desk/admin-tabs";

export const metadata: Metadata = { title: "Integrations" };

function roleLabel(role: string): string {
  return role in KEY_ROLE_LABELS ? KEY_ROLE_LABELS[role as KeyRole] : ROLE_LABELS[role as keyof typeof ROLE_LABELS];
}

export default async function IntegrationsPage() {
  const admin = await requirePagePermission("settings.manage", "/desk/integrations");
  const dates = await newsroomDateStyle();
  const keys = await listApiKeys(admin);
  return (
    <>
      <AdminTabs current="Integrations" />
      <h1 className="font-serif text-3xl font-bold">Integrations</h1>
      <p className="mt-2 max-w-2xl text-[var(--muted)]">
        API keys let other systems read published stories through the Content API (<code>/api/content/v1</code>) and, with a
        reporter’s or editor’s role, write drafts and upload images through the Admin API. Each key belongs to one integration;
        what it does is in the audit log under its name.
      </p>
      <h2 className="mt-8 text-xl font-semibold">New key</h2>
      <CreateKeyForm />
      <h2 className="mt-10 text-xl font-semibold">Keys</h2>
      {keys.length === 0 ? (
        <p className="mt-2">No keys yet.</p>
      ) : (
        <ul className="mt-3 max-w-3xl divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="API keys">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="api-key-row">
              <div className="min-w-0">
                <p className="font-semibold break-words">
                  {key.name}
                  {key.revokedAt ? <span className="ml-2 text-sm font-normal text-[var(--accent)]">Revoked {formatDateTime(key.revokedAt, dates)}</span> : null}
                </p>
                <p className="text-sm">
                  <code>{key.prefix}…</code> · {roleLabel(key.role)}
                </p>
                <p className="text-sm text-[var(--muted)]">
                  Created {formatDateTime(key.createdAt, dates)}
                  {key.createdBy ? ` by ${key.createdBy}` : ""} ·{" "}
                  <span data-testid="api-key-last-used">{key.lastUsedAt ? `Last used ${formatDateTime(key.lastUsedAt, dates)}` : "Never used"}</span>
                </p>
              </div>
              {key.revokedAt ? null : (
                <RevokeButton
                  action={revokeApiKeyAction}
                  field="keyId"
                  id={key.id}
                  label={`the key of ${key.name}`}
                  consequence="Every request with this key is refused from the next one on. This cannot be undone: the integration needs a new key."
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
