"use client";

import type { JSONContent } from "@tiptap/core";

import type { BylineChoice } from "@/components/editor/byline-picker";
import type { EditorFields } from "@/components/editor/story-editor";
import { documentToPlainText, safeParseStoryDocument } from "@/lib/stories/document";

export interface SavedVersion {
  version: number;
  savedBy: string | null;
  savedAt: string;
  headline: string;
  standfirst: string;
  dateline: string;
  sectionId: string | null;
  tags: string;
  bylineIds: string[];
  body: JSONContent;
}

function plainBody(body: JSONContent): string {
  const parsed = safeParseStoryDocument(body);
  return parsed.ok ? documentToPlainText(parsed.document) : "(this body could not be read)";
}

type Row = { field: keyof EditorFields | "body"; label: string; theirs: string; mine: string };

/**
 * Shown when someone else saved the story after this editor opened it. Nothing is overwritten:
 * the editor sees both versions side by side, takes theirs field by field where it is better,
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
  onTakeTheirs: (field: keyof EditorFields | "body") => void;
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
        { field: "tags", label: "Tags", theirs: theirs.tags, mine: mine.tags },
        { field: "bylineIds", label: "Bylines", theirs: bylineNames(theirs.bylineIds), mine: bylineNames(mine.bylineIds) },
        { field: "body", label: "Body", theirs: plainBody(theirs.body), mine: plainBody(mine.body) },
      ]
    : [];
  const differing = rows.filter((row) => row.theirs !== row.mine);

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
            Saved version {theirs.version}
            {theirs.savedBy ? ` by ${theirs.savedBy}` : ""}. {differing.length === 0 ? "It matches yours." : `${differing.length} field(s) differ.`} Take
            theirs where it is better, edit the rest by hand, then save the merged story.
          </p>
          <table className="mt-3 w-full table-fixed text-left align-top">
            <caption className="sr-only">Their saved version and yours, field by field</caption>
            <thead>
              <tr className="border-b border-[var(--rule)]">
                <th scope="col" className="w-28 py-1">
                  Field
                </th>
                <th scope="col" className="py-1">
                  Their version
                </th>
                <th scope="col" className="py-1">
                  Your version
                </th>
                <th scope="col" className="w-32 py-1">
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
          <button type="button" onClick={onSaveMerged} disabled={pending} className="mt-3 rounded bg-[var(--ink)] px-3 py-1.5 font-semibold text-[var(--paper)]">
            Save merged version
          </button>
        </>
      )}
    </section>
  );
}
