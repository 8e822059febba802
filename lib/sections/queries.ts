import "server-only";

import { db } from "@/lib/db";

export interface SectionSummary {
  id: string;
  name: string;
  slug: string;
  description: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
}

export async function listSections(): Promise<SectionSummary[]> {
  return db.section.findMany({
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, slug: true, description: true, commentPolicy: true },
  });
}

export async function getSectionBySlug(slug: string): Promise<SectionSummary | null> {
  return db.section.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, description: true, commentPolicy: true },
  });
}
