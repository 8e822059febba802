import Link from "next/link";

import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listDeskStories } from "@/lib/stories/queries";
import { STATUS_LABELS } from "@/lib/stories/workflow";

export default async function DeskPage() {
  const actor = await requirePagePermission("desk.open", "/desk");
  const stories = await listDeskStories(actor);
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl font-bold">Stories</h1>
        {can(actor.role, "story.create") ? (
          <Link href="/desk/stories/new" className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
            New story
          </Link>
        ) : null}
      </div>
      {stories.length === 0 ? (
        <p className="mt-6 text-[var(--muted)]">No stories to show.</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <caption className="sr-only">Stories, most recently changed first</caption>
          <thead className="border-b border-[var(--rule)]">
            <tr>
              <th scope="col" className="py-2 pr-3">Headline</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2 pr-3">Section</th>
              <th scope="col" className="py-2 pr-3">Bylines</th>
              <th scope="col" className="py-2">Last change</th>
            </tr>
          </thead>
          <tbody>
            {stories.map((story) => (
              <tr key={story.id} className="border-b border-[var(--rule)]">
                <td className="py-2 pr-3">
                  <Link href={`/desk/stories/${story.id}`} className="font-semibold underline">
                    {story.headline || "(no headline)"}
                  </Link>
                </td>
                <td className="py-2 pr-3">{STATUS_LABELS[story.status]}</td>
                <td className="py-2 pr-3">{story.section}</td>
                <td className="py-2 pr-3">{story.bylines.join(", ")}</td>
                <td className="py-2">
                  <time dateTime={story.updatedAt.toISOString()}>{formatDateTime(story.updatedAt)}</time>
                  {story.updatedBy ? ` by ${story.updatedBy}` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
