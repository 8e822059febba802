import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { StoryBlocks } from "@/components/story/story-body";
import { OpenWireItemButton } from "@/components/wire/open-item-button";
import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { isUuid } from "@/lib/validation/uuid";
import { getWireItem } from "@/lib/wire/queries";

export const metadata: Metadata = { title: "Wire item" };

interface Props {
  params: Promise<{ id: string }>;
}

export default async function WireItemPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("wire.read", `/desk/wire/${id}`);
  if (!isUuid(id)) notFound();
  const [item, dates] = await refusedAsPage(Promise.all([getWireItem(actor, id), newsroomDateStyle()]));
  const facts: Array<[string, string]> = [
    ["Source", item.sourceName],
    ["Credit", item.credit],
    ["Slugline", item.slugline || "—"],
    ["Version", String(item.version)],
    ["Urgency", item.urgency?.toString() ?? "—"],
    ["Priority", item.priority?.toString() ?? "—"],
    ["Embargo", item.embargoUntil ? formatDateTime(item.embargoUntil, dates) : "None"],
    ["Dateline", item.datelinePlace || "—"],
    ["Bylines", item.bylines.join(", ") || "—"],
    ["Received", formatDateTime(item.receivedAt, dates)],
    ["Format", item.format === "NINJS" ? "IPTC ninjs" : "NewsML-G2"],
    ["Guid", item.guid],
  ];
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/wire" className="underline">
          ← Wire
        </Link>
      </p>
      {item.newerId ? (
        <p role="status" className="mt-3 rounded border-2 border-[var(--accent)] p-3 font-semibold">
          This is version {item.version}.{" "}
          <Link href={`/desk/wire/${item.newerId}`} className="underline">
            See version {item.newestVersion}
          </Link>
        </p>
      ) : null}
      <article className="mt-3 max-w-3xl">
        <h1 className="font-serif text-3xl font-bold break-words">{item.headline}</h1>
        {item.standfirst ? <p className="mt-2 text-lg">{item.standfirst}</p> : null}
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-semibold">{label}</dt>
              <dd className="min-w-0 break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4">
          {item.state === "NEW" && !item.storyId && item.newerId === null && can(actor.role, "story.create") ? <OpenWireItemButton itemId={item.id} /> : null}
          {item.storyId ? (
            <p>
              <Link href={deskStoryPath(item.storyId)} className="font-semibold underline">
                Go to the draft opened from this item
              </Link>
            </p>
          ) : null}
        </div>
        <div className="story-body mt-6 border-t border-[var(--rule)] pt-4" data-testid="wire-copy">
          <StoryBlocks document={item.body} images={new Map()} />
        </div>
      </article>
    </>
  );
}
