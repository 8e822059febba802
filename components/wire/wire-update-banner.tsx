// On a draft opened from wire copy: says when the agency sent a newer version, with a link to it.

import Link from "next/link";

import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { getStoryWireUpdate } from "@/lib/wire/queries";
import { wireNewVersion } from "@/lib/wire/sentences";

export async function WireUpdateBanner({ actor, storyId }: { actor: Actor; storyId: string }) {
  if (!can(actor.role, "wire.read")) return null;
  const update = await getStoryWireUpdate(actor, storyId);
  if (!update) return null;
  return (
    <p role="status" data-testid="wire-update" className="mb-4 rounded border-2 border-[var(--accent)] p-3 font-semibold">
      {wireNewVersion(update.version)}{" "}
      <Link href={`/desk/wire/${update.itemId}`} className="underline">
        See version {update.version}
      </Link>
    </p>
  );
}
