import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { CorrectionForm } from "@/components/desk/correction-form";
import { StoryTabs } from "@/components/desk/story-tabs";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { CORRECTION_KIND_LABELS, CORRECTION_TEXT_MAX, CORRECTION_TEXT_MIN, notPublishedMessage } from "@/lib/corrections/mutations";
import { listStoryCorrections } from "@/lib/corrections/queries";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDateTime } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { getStoryForEdit, storyHref } from "@/lib/stories/queries";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Corrections" };

interface Props {
  params: Promise<{ id: string }>;
}

async function load(actor: Actor, id: string) {
  return refusedAsPage(Promise.all([getStoryForEdit(actor, id), listStoryCorrections(actor, id)]));
}

export default async function StoryCorrectionsPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/desk/stories/${id}/corrections`);
  const { dates } = await getSiteSettings();
  if (!isUuid(id)) notFound();
  const [story, corrections] = await load(actor, id);
  // A published story always has a section (publishing requires one).
  const publicHref = story.section ? storyHref(story.section.slug, story.slug) : "";
  const isPublished = story.status === "PUBLISHED" && publicHref !== "";

  return (
    <>
      <h1 className="mb-4 font-serif text-3xl font-bold">{story.headline || "Untitled story"}</h1>
      <StoryTabs storyId={story.id} current="corrections" />

      <section aria-labelledby="corrections-heading" className="max-w-3xl">
        <h2 id="corrections-heading" className="text-xl font-bold">
          Corrections and clarifications
        </h2>
        {corrections.length === 0 ? (
          <p className="mt-2 text-[var(--muted)]">This story has no corrections or clarifications.</p>
        ) : (
          <ol className="mt-3 divide-y divide-[var(--rule)] border-y border-[var(--rule)]">
            {corrections.map((correction) => (
              <li key={correction.id} className="py-3">
                <p className="text-sm">
                  <span className="font-semibold">{CORRECTION_KIND_LABELS[correction.kind]}</span>,{" "}
                  <time dateTime={correction.createdAt.toISOString()}>{formatDateTime(correction.createdAt, dates)}</time>
                  {correction.createdBy ? ` by ${correction.createdBy}` : null}
                  {correction.revision ? <span className="text-[var(--muted)]"> · amended version {correction.revision.version}</span> : null}
                </p>
                <p className="mt-1">{correction.text}</p>
                {isPublished ? (
                  <p className="mt-1 text-sm">
                    <Link href={`${publicHref}#correction-${correction.id}`} className="underline">
                      See it on the story
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="add-correction-heading" className="mt-8 max-w-3xl border-t border-[var(--rule)] pt-4">
        <h2 id="add-correction-heading" className="text-xl font-bold">
          Add a correction
        </h2>
        {!isPublished ? (
          <p className="mt-2">{notPublishedMessage(story.status)}</p>
        ) : !can(actor.role, "story.correct") ? (
          <p className="mt-2">Only editors and admins can add corrections. If something in this story is wrong, tell an editor.</p>
        ) : (
          <>
            <p className="mt-2 text-sm text-[var(--muted)]">
              Fix the copy in the <Link href={`/desk/stories/${story.id}`} className="underline">Edit</Link> tab and save first.
              The correction is linked to the latest saved version (now version {story.version}), appears at the foot of{" "}
              <Link href={publicHref} className="underline">the story</Link> and on the{" "}
              <Link href="/corrections" className="underline">corrections page</Link>, and marks the story as updated.
            </p>
            <CorrectionForm storyId={story.id} textMin={CORRECTION_TEXT_MIN} textMax={CORRECTION_TEXT_MAX} />
          </>
        )}
      </section>
    </>
  );
}
