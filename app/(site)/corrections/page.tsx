import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";

import { getSiteInfo, getSiteSettings } from "@/lib/cache/reader";
import { CORRECTION_KIND_LABELS } from "@/lib/corrections/mutations";
import { listCorrections } from "@/lib/corrections/queries";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const site = await getSiteInfo();
  return {
    title: "Corrections and clarifications",
    description: `Every correction and clarification to a ${site.name} story, newest first, each linked to the story it amended.`,
    alternates: { canonical: "/corrections" },
  };
}

const PAGE_SIZE = 20;

interface Props {
  searchParams: Promise<{ cursor?: string | string[] }>;
}

async function load(cursor: string | undefined) {
  try {
    return await listCorrections({ cursor, limit: PAGE_SIZE });
  } catch (error) {
    // A cursor nobody handed out is a page that does not exist.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID_INPUT")) notFound();
    throw error;
  }
}

export default async function CorrectionsPage({ searchParams }: Props) {
  await connection();
  const raw = (await searchParams).cursor;
  const cursor = typeof raw === "string" && raw !== "" ? raw : undefined;
  const [{ corrections, nextCursor }, { dates }] = await Promise.all([load(cursor), getSiteSettings()]);

  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="font-serif text-4xl font-bold">Corrections and clarifications</h1>
      <p className="mt-3 text-[var(--muted)]">
        When we get something wrong we fix the story and say so, at the foot of the story and here. A correction puts right
        an error of fact; a clarification makes plain something we said unclearly.
      </p>

      {corrections.length === 0 ? (
        <p className="mt-8">{cursor ? "There are no older corrections." : "We have not published any corrections yet."}</p>
      ) : (
        <ol className="mt-8 divide-y divide-[var(--rule)] border-y border-[var(--rule)]">
          {corrections.map((correction) => (
            <li key={correction.id} className="py-4">
              <p className="text-sm">
                <span className="font-semibold">{CORRECTION_KIND_LABELS[correction.kind]}</span>,{" "}
                <time dateTime={correction.createdAt.toISOString()}>{formatDateTime(correction.createdAt, dates)}</time>
              </p>
              <p className="mt-1">{correction.text}</p>
              <p className="mt-2 text-sm">
                <Link href={correction.href} className="font-semibold underline">
                  {correction.story.headline}
                </Link>
                {correction.revision ? <span className="text-[var(--muted)]"> · amended version {correction.revision.version}</span> : null}
              </p>
            </li>
          ))}
        </ol>
      )}

      {nextCursor || cursor ? (
        <nav aria-label="More corrections" className="mt-6 flex justify-between text-sm">
          {cursor ? (
            <Link href="/corrections" className="underline">
              Newest corrections
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link href={`/corrections?cursor=${encodeURIComponent(nextCursor)}`} rel="next" className="underline">
              Older corrections
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
