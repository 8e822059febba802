import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { StoryTabs } from "@/components/desk/story-tabs";
import type { Actor } from "@/lib/auth/actor";
import { requirePagePermission } from "@/lib/auth/session";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDateTime } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { getStoryForEdit } from "@/lib/stories/queries";
import { describeAuditEntry, foldAutosaves, getStoryTimeline } from "@/lib/stories/timeline";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Timeline" };

interface Props {
  params: Promise<{ id: string }>;
}

async function load(actor: Actor, id: string) {
  return refusedAsPage(Promise.all([getStoryForEdit(actor, id), getStoryTimeline(actor, id)]));
}

export default async function StoryTimelinePage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/desk/stories/${id}/timeline`);
  const { dates } = await getSiteSettings();
  if (!isUuid(id)) notFound();
  const [story, records] = await load(actor, id);
  const entries = foldAutosaves(records);

  return (
    <>
      <h1 className="mb-4 font-serif text-3xl font-bold">{story.headline || "Untitled story"}</h1>
      <StoryTabs storyId={story.id} current="timeline" />
      <section aria-labelledby="timeline-heading" className="max-w-3xl">
        <h2 id="timeline-heading" className="text-xl font-bold">
          Timeline
        </h2>
        <p className="mt-1 text-sm text-[var(--muted)]">Everything done to this story, newest first.</p>
        {entries.length === 0 ? (
          <p className="mt-4">Nothing has been recorded for this story yet.</p>
        ) : (
          <ol reversed className="mt-4 border-l-2 border-[var(--rule)]">
            {entries.map((entry) => (
              <li key={entry.id} className="relative py-2 pl-4">
                <time dateTime={entry.createdAt.toISOString()} className="block text-sm text-[var(--muted)]">
                  {formatDateTime(entry.createdAt, dates)}
                </time>
                <span>{describeAuditEntry(entry, dates)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
