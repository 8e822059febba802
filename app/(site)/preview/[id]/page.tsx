import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";

import { ScheduledTime } from "@/components/desk/scheduled-time";
import { StoryArticle } from "@/components/story/story-article";
import type { Actor } from "@/lib/auth/actor";
import { requirePagePermission } from "@/lib/auth/session";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { getStoryPreview } from "@/lib/stories/preview";
import { STATUS_LABELS } from "@/lib/stories/workflow";
import { getSiteSettings } from "@/lib/cache/reader";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { isUuid } from "@/lib/validation/uuid";

// Staff only, and the page changes with every save: never indexed, never cached. A page that reads
// the request (connection(), the session cookie) is dynamic, and Next answers dynamic pages with
// "Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate".
export const metadata: Metadata = { title: "Preview", robots: { index: false, follow: false } };

interface Props {
  params: Promise<{ id: string }>;
}

async function load(actor: Actor, id: string) {
  return refusedAsPage(getStoryPreview(actor, id));
}

export default async function PreviewPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/preview/${id}`);
  if (!isUuid(id)) notFound();
  const [preview, newsroomZone, { dates }] = await Promise.all([load(actor, id), getNewsroomTimeZone(), getSiteSettings()]);

  return (
    <>
      <div role="note" className="mx-auto mb-8 max-w-2xl rounded border-2 border-dashed border-[var(--accent)] px-4 py-3 text-sm">
        <p className="font-semibold">
          Preview — {STATUS_LABELS[preview.status]}. Readers cannot see this page.
        </p>
        {preview.embargoUntil ? (
          <p className="mt-1 font-semibold" data-testid="preview-embargo">
            Embargoed until <ScheduledTime at={preview.embargoUntil.toISOString()} newsroomZone={newsroomZone} dates={dates} />
          </p>
        ) : null}
        {preview.scheduledFor ? (
          <p className="mt-1">
            Goes out <ScheduledTime at={preview.scheduledFor.toISOString()} newsroomZone={newsroomZone} dates={dates} />
          </p>
        ) : null}
        <p className="mt-1">
          <Link href={`/desk/stories/${preview.id}`} className="underline">
            Back to the story in the desk
          </Link>
          {preview.status === "PUBLISHED" && preview.href ? (
            <>
              {" · "}
              <Link href={preview.href} className="underline">
                The story as published
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <StoryArticle story={preview.article} dates={dates} />
    </>
  );
}
