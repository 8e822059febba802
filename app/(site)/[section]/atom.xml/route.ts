import { notFound } from "next/navigation";
import { connection } from "next/server";

import { buildAtomFeed, sectionFeedChannel } from "@/lib/feeds/build";
import { listFeedStories } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { getSectionBySlug } from "@/lib/sections/queries";
import { currentSite } from "@/lib/site";

/** One section's latest stories as Atom 1.0; 404 for a section that does not exist. */
export async function GET(_request: Request, { params }: { params: Promise<{ section: string }> }) {
  await connection();
  const section = await getSectionBySlug((await params).section);
  if (!section) notFound();
  const stories = await listFeedStories({ sectionSlug: section.slug });
  return xmlResponse(buildAtomFeed(sectionFeedChannel(section, currentSite()), stories), "atom");
}
