"use client";

import type { JSONContent } from "@tiptap/core";
import { useEffect, useRef, useState } from "react";

import type { BylineChoice } from "@/components/editor/byline-picker";
import type { EditorFields } from "@/components/editor/story-editor";
import { bodyChanges, savedWhen, takeTheirsChange, type BodyChange } from "@/lib/stories/conflict";
import { DiffSegment, type DiffSides } from "@/components/ui/diff-segment";

export interface SavedVersion {
  version: number;
  savedBy: string | null;
  savedAt: string;
  headline: string;
  standfirst: string;
  dateline: string;
  datelinePlace: string;
  credit: string;
  /** An ISO instant, or "" for none. */
  embargoUntil: string;
  sectionId: string | null;
  tags: string;
  bylineIds: string[];
  body: JSONContent;
}

type Row = { field: keyof EditorFields; label: string; theirs: string; mine: string };

/** Words only in their version are underlined, words only in yours struck through. */
const THEIRS_AND_YOURS: DiffSides = { added: "only in theirs", removed: "only in yours" };

function describeChange(change: BodyChange): string {
  const mine = change.mineEnd - change.mineStart;
  const theirs = change.theirsEnd - change.theirsStart;
  if (mine === 0) return `Only in theirs, after your paragraph ${change.mineStart}`;
  if (theirs === 0) return mine === 1 ? `Your paragraph ${change.mineStart + 1}, not in theirs` : `Your paragraphs ${change.mineStart + 1}–${change.mineEnd}, not in theirs`;
  return mine === 1 ? `Paragraph ${change.mineStart + 1}` : `Paragraphs ${change.mineStart + 1}–${change.mineEnd}`;
}

/** The bodies compared word by word, a changed paragraph at a time, each with its own "Use theirs". */
function BodyChanges({ mine, theirs, onTake }: { mine: JSONContent; theirs: JSONContent; onTake: (body: JSONContent) => void }) {
  const changes = bodyChanges(mine, theirs);
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="conflict-body-heading" className="mt-4">
      <h3 id="conflict-body-heading" className="font-bold">
        Body: {changes.length === 1 ? "1 place differs" : `${changes.length} places differ`}
      </h3>
      <p className="mt-1 text-[var(--muted)]">
        <del className="line-through">Struck through</del> words are only in yours, <ins className="underline underline-offset-2">underlined</ins> words
        only in theirs.
      </p>
      <ol className="mt-2 space-y-2">
        {changes.map((change) => {
          const label = describeChange(change);
          return (
            <li key={`${change.mineStart}-${change.theirsStart}`} className="rounded border border-[var(--rule)] p-2">
              <p className="text-xs font-semibold uppercase tracking-wider text-[var(--muted)]">{label}</p>
              <p className="mt-1 whitespace-pre-wrap break-words">
                {change.segments.length === 0 ? "(empty in both)" : change.segments.map((segment, index) => <DiffSegment key={index} segment={segment} sides={THEIRS_AND_YOURS} />)}
              </p>
              <button type="button" onClick={() => onTake(takeTheirsChange(mine, theirs, change))} className="mt-1 underline">
                Use theirs<span className="sr-only"> for {label.toLowerCase()}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Now, refreshed every half minute so "3 minutes ago" stays true while the screen is open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * Shown when someone else saved the story after this editor opened it. Nothing is overwritten:
 * the editor sees when and by whom their version was saved, the fields that differ side by side and
 * the body word by word, takes theirs field by field or paragraph by paragraph where it is better,
 * and saves the merged result on top of their version.
 */
export function ConflictPanel({
  message,
  theirs,
  mine,
  sections,
  bylines,
  onCompare,
  onTakeTheirs,
  onSaveMerged,
  pending,
}: {
  message: string;
  theirs: SavedVersion | null;
  mine: EditorFields & { body: JSONContent };
  sections: Array<{ id: string; name: string }>;
  bylines: BylineChoice[];
  onCompare: () => void;
  onTakeTheirs: (field: keyof EditorFields | "body", body?: JSONContent) => void;
  onSaveMerged: () => void;
  pending: boolean;
}) {
  const sectionName = (id: string | null) => sections.find((s) => s.id === id)?.name ?? "(none)";
  const bylineNames = (ids: string[]) => ids.map((id) => bylines.find((b) => b.id === id)?.name ?? "(removed byline)").join(", ");
  const rows: Row[] = theirs
    ? [
        { field: "headline", label: "Headline", theirs: theirs.headline, mine: mine.headline },
        { field: "standfirst", label: "Standfirst", theirs: theirs.standfirst, mine: mine.standfirst },
        { field: "sectionId", label: "Section", theirs: sectionName(theirs.sectionId), mine: sectionName(mine.sectionId) },
        { field: "dateline", label: "Dateline", theirs: theirs.dateline, mine: mine.dateline },
        { field: "datelinePlace", label: "Dateline place", theirs: theirs.datelinePlace, mine: mine.datelinePlace },
        { field: "credit", label: "Credit line", theirs: theirs.credit, mine: mine.credit },
        { field: "embargoUntil", label: "Embargoed until", theirs: theirs.embargoUntil, mine: mine.embargoUntil },
        { field: "tags", label: "Tags", theirs: theirs.tags, mine: mine.tags },
        { field: "bylineIds", label: "Bylines", theirs: bylineNames(theirs.bylineIds), mine: bylineNames(mine.bylineIds) },
      ]
    : [];
  const differing = rows.filter((row) => row.theirs !== row.mine);
  const bodyDiffers = theirs ? bodyChanges(mine.body, theirs.body).length > 0 : false;
  const differCount = differing.length + (bodyDiffers ? 1 : 0);
  const now = useNow();
  // Their version is fetched as soon as the conflict shows: the comparison is what the editor needs.
  const compared = useRef(false);
  useEffect(() => {
    if (theirs) {
      // A later conflict (another refused save) clears their version: fetch it again then.
      compared.current = false;
      return;
    }
    if (compared.current) return;
    compared.current = true;
    onCompare();
  }, [theirs, onCompare]);

  return (
    <section role="alert" aria-labelledby="conflict-heading" className="rounded border-2 border-[var(--accent)] p-4 text-sm">
      <h2 id="conflict-heading" className="text-base font-bold">
        Someone else saved this story
      </h2>
      <p className="mt-1">{message}</p>
      {!theirs ? (
        <button type="button" onClick={onCompare} disabled={pending} className="mt-3 rounded border border-[var(--ink)] px-3 py-1.5 font-semibold">
          Compare with the saved version
        </button>
      ) : (
        <>
          <p className="mt-2">
            Version {theirs.version} was saved{theirs.savedBy ? ` by ${theirs.savedBy}` : ""} {savedWhen(new Date(theirs.savedAt), now)}.{" "}
            {differCount === 0 ? "It matches yours." : differCount === 1 ? "1 field differs." : `${differCount} fields differ.`} Take theirs where it is
            better, edit the rest by hand, then save the merged story.
          </p>
          {differing.length > 0 ? (
            <table className="mt-3 w-full table-fixed text-left align-top">
              <caption className="sr-only">Their saved version and yours, field by field</caption>
              <thead>
                <tr className="border-b border-[var(--rule)]">
                  <th scope="col" className="w-20 py-1 sm:w-28">
                    Field
                  </th>
                  <th scope="col" className="py-1">
                    Their version
                  </th>
                  <th scope="col" className="py-1">
                    Your version
                  </th>
                  <th scope="col" className="w-20 py-1 sm:w-32">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {differing.map((row) => (
                  <tr key={row.field} className="border-b border-[var(--rule)] align-top">
                    <th scope="row" className="py-2 pr-2">
                      {row.label}
                    </th>
                    <td className="whitespace-pre-wrap py-2 pr-2">{row.theirs || "(empty)"}</td>
                    <td className="whitespace-pre-wrap py-2 pr-2">{row.mine || "(empty)"}</td>
                    <td className="py-2">
                      <button type="button" onClick={() => onTakeTheirs(row.field)} className="underline">
                        Use theirs<span className="sr-only"> for {row.label}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {bodyDiffers ? (
            <>
              <BodyChanges mine={mine.body} theirs={theirs.body} onTake={(body) => onTakeTheirs("body", body)} />
              <button type="button" onClick={() => onTakeTheirs("body")} className="mt-2 block underline">
                Use their whole body
              </button>
            </>
          ) : null}
          <button type="button" onClick={onSaveMerged} disabled={pending} className="mt-3 block rounded bg-[var(--ink)] px-3 py-1.5 font-semibold text-[var(--paper)]">
            Save merged version
          </button>
        </>
      )}
    </section>
  );
}
