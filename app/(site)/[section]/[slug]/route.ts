import { getSiteInfo, getSiteSettings, getStoryPage, listSections } from "@/lib/cache/reader";
import { buildAssets } from "@/lib/reader-html/build";
import { notFoundDocumentHtml, storyDocumentHtml } from "@/lib/reader-html/document";

// A story page, served from the reader cache and rendered on first request like every reader page
// (docs/caching.md): any change to the story refreshes it at once on every instance. It is a route
// handler writing the page as HTML (lib/reader-html), not a React page: a miss then costs about
// 7 ms of the app's CPU instead of about 16 (BENCHMARKS.md, issue 14; docs/fast-paths.md, "The
// story page written as HTML"). A render reads everything the page shows in one statement
// (lib/stories/story-page.ts), which also tags the cached response with what it shows.
export const revalidate = 86400; // a safety net: changes stamp tags, the clock sets `expires:` (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string; slug: string }> {
  return [];
}

const HTML = { "content-type": "text/html; charset=utf-8" };

export async function GET(_request: Request, { params }: { params: Promise<{ section: string; slug: string }> }): Promise<Response> {
  const { section, slug } = await params;
  const [lookup, site, info, sections] = await Promise.all([getStoryPage(section, slug), getSiteSettings(), getSiteInfo(), listSections()]);
  if (lookup.kind === "redirect") return new Response(null, { status: 308, headers: { location: lookup.href } });
  const assets = buildAssets();
  if (lookup.kind === "missing") return new Response(notFoundDocumentHtml({ site, sections, assets }), { status: 404, headers: HTML });
  return new Response(storyDocumentHtml({ page: lookup.page, site, info, sections, assets }), { headers: HTML });
}
