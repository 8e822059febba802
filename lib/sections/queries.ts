import "server-only";

import { db } from "@/lib/db";

export interface SectionSummary {
  id: string;
  name: string;
  slug: string;
  description: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
}

const summarySelect = { id: true, name: true, slug: true, description: true, commentPolicy: true } as const;

/** The navigation's sections, in the desk's order: archived sections are left out. */
export async function listSections(): Promise<SectionSummary[]> {
  return db.section.findMany({
    where: { archivedAt: null },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: summarySelect,
  });
}

/**
 * The sections a story may be put in: every section not archived, and the story's own section when
 * it is (a story stays where it is; an archived section cannot be chosen for new stories).
 */
export async function listSectionChoices(currentSectionId: string | null = null): Promise<SectionSummary[]> {
  return db.section.findMany({
    where: currentSectionId ? { OR: [{ archivedAt: null }, { id: currentSectionId }] } : { archivedAt: null },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: summarySelect,
  });
}

/** An archived section's front stays reachable, like its stories. */
export async function getSectionBySlug(slug: string): Promise<SectionSummary | null> {
  return db.section.findUnique({ where: { slug }, select: summarySelect });
}

/** The current slug of the section that had this one before a rename (its old address answers 308), or null. */
export async function findRenamedSection(slug: string): Promise<string | null> {
  const old = await db.sectionSlug.findUnique({ where: { slug }, select: { section: { select: { slug: true } } } });
  return old?.section.slug ?? null;
}
