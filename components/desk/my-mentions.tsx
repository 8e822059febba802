// The desk home's "Mentions": open notes that name the signed-in person ("@Their Name"), newest
// first, each a link to its story (docs/desk.md, "Notes and suggestions"). Nothing when there are none.

import Link from "next/link";

import type { Actor } from "@/lib/auth/actor";
import { formatDateTime, type DateStyle } from "@/lib/format";
import { listMyMentions } from "@/lib/notes/queries";
import { deskStoryPath } from "@/lib/stories/desk-paths";

export async function MyMentions({ actor, dates }: { actor: Actor; dates: DateStyle }) {
  const { total, items } = await listMyMentions(actor);
  if (total === 0) return null;
  return (
    <section aria-labelledby="mentions-heading" className="mt-4 rounded border border-[var(--rule)] p-3" data-testid="my-mentions">
      <h2 id="mentions-heading" className="font-semibold">
        Mentions ({total})
      </h2>
      <p className="text-sm text-[var(--muted)]">Open notes that name you.</p>
      <ul className="mt-2 space-y-2 text-sm">
        {items.map((item) => (
          <li key={`${item.noteId}-${item.at}`} className="break-words">
            <Link href={deskStoryPath(item.storyId)} className="font-semibold underline">
              {item.headline}
            </Link>{" "}
            <span className="text-[var(--muted)]">
              {item.byName}, <time dateTime={item.at}>{formatDateTime(new Date(item.at), dates)}</time>
            </span>
            <span className="block">{item.text.length > 160 ? `${item.text.slice(0, 159)}…` : item.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
