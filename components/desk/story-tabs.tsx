import Link from "next/link";

const TABS = [
  { segment: "", label: "Edit" },
  { segment: "/history", label: "History" },
  { segment: "/corrections", label: "Corrections" },
  { segment: "/timeline", label: "Timeline" },
] as const;

export type StoryTab = "edit" | "history" | "corrections" | "timeline";

/** The pages of one story in the desk. The preview opens the reader's view at /preview/<id>. */
export function StoryTabs({ storyId, current }: { storyId: string; current: StoryTab }) {
  return (
    <nav aria-label="Story" className="mb-4 flex flex-wrap gap-1 border-b border-[var(--rule)] text-sm">
      {TABS.map((tab) => {
        const isCurrent = (tab.segment === "" ? "edit" : tab.segment.slice(1)) === current;
        return (
          <Link
            key={tab.label}
            href={`/desk/stories/${storyId}${tab.segment}`}
            aria-current={isCurrent ? "page" : undefined}
            className="-mb-px border-b-2 border-transparent px-3 py-2 aria-[current=page]:border-[var(--ink)] aria-[current=page]:font-semibold"
          >
            {tab.label}
          </Link>
        );
      })}
      <Link href={`/preview/${storyId}`} className="ml-auto px-3 py-2 underline">
        Preview
      </Link>
    </nav>
  );
}
