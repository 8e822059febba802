import { sectionFeedResponse } from "@/lib/feeds/routes";

// Served from the reader cache like the pages (docs/caching.md); rendered on first request.
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string }> {
  return [];
}

/** One section's latest stories as RSS 2.0; 404 for a section that does not exist. */
export async function GET(_request: Request, { params }: { params: Promise<{ section: string }> }) {
  return sectionFeedResponse((await params).section, "rss");
}
