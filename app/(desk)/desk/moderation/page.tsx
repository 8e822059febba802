import type { Metadata } from "next";
import Link from "next/link";

import { ModerationQueue } from "@/components/moderation/moderation-queue";
import { toQueueItemView } from "@/components/moderation/queue-view";
import { QUEUE_SHORTCUTS } from "@/components/moderation/shortcuts";
import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { textValue } from "@/lib/http/values";
import { MAX_REJECT_REASON_LENGTH } from "@/lib/moderation/mutations";
import { countModerationQueues, listModerationQueue, MODERATION_QUEUES, QUEUE_LABELS, type ModerationQueue as Queue } from "@/lib/moderation/queries";
import { newsroomDateStyle } from "@/lib/settings/dates";

export const metadata: Metadata = { title: "Moderation" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const QUEUE_HINTS: Record<Queue, string> = {
  pending: "Comments waiting for a decision, newest first.",
  reported: "Comments readers reported that nobody has dealt with yet, most reported first.",
  recent: "Every comment, newest first. The number is today's.",
};

export default async function ModerationPage({ searchParams }: Props) {
  const actor = await requirePagePermission("comment.moderate", "/desk/moderation");
  const params = await searchParams;
  const queueParam = textValue(params.queue) ?? "";
  const queue: Queue = (MODERATION_QUEUES as readonly string[]).includes(queueParam) ? (queueParam as Queue) : "pending";
  const cursor = textValue(params.cursor) || undefined;

  const [counts, page, dates] = await Promise.all([
    countModerationQueues(actor),
    refusedAsPage(listModerationQueue(actor, { queue, ...(cursor ? { cursor } : {}) })),
    newsroomDateStyle(),
  ]);
  const now = new Date();
  const items = page.items.map((item) => toQueueItemView(item, now, dates));

  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Moderation</h1>
      <nav aria-label="Queues" className="mt-4 border-b border-[var(--rule)]">
        <ul className="flex flex-wrap gap-1">
          {MODERATION_QUEUES.map((name) => (
            <li key={name}>
              <Link
                href={`/desk/moderation?queue=${name}`}
                aria-current={name === queue ? "page" : undefined}
                className="-mb-px inline-block border-b-2 border-transparent px-3 py-2 text-sm aria-[current=page]:border-[var(--ink)] aria-[current=page]:font-semibold"
              >
                {QUEUE_LABELS[name]} ({counts[name]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="mt-3 text-sm text-[var(--muted)]">{QUEUE_HINTS[queue]}</p>

      <section aria-labelledby="shortcuts-heading" className="mt-3 rounded border border-[var(--rule)] p-3 text-sm">
        <h2 id="shortcuts-heading" className="font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
          {QUEUE_SHORTCUTS.map((shortcut) => (
            <div key={shortcut.key} className="flex gap-1.5">
              <dt>
                <kbd className="rounded border border-[var(--rule)] px-1.5 font-mono">{shortcut.key}</kbd>
              </dt>
              <dd>{shortcut.does}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-1 text-[var(--muted)]">They do nothing while you are typing in a field.</p>
      </section>

      <ModerationQueue items={items} maxReason={MAX_REJECT_REASON_LENGTH} canSuspend={can(actor.role, "people.suspend")} emptyMessage={cursor ? "No more comments in this queue." : "Nothing in this queue."} />

      <nav aria-label="Pages of the queue" className="mt-6 flex gap-4 text-sm">
        {cursor ? (
          <Link href={`/desk/moderation?queue=${queue}`} className="underline">
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/desk/moderation?queue=${queue}&cursor=${encodeURIComponent(page.nextCursor)}`} className="underline">
            Next page
          </Link>
        ) : null}
      </nav>
    </>
  );
}
