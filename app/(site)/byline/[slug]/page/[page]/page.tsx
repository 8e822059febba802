// Page N of a byline's page: `/byline/<slug>?page=N` is rewritten here (next.config.ts), so the page
// is keyed on its path and can be cached. The segment config must be written out in each route file.
export { default, generateMetadata } from "../../page";

export const revalidate = 300; // lists: their teasers' comment counts are not stamped per comment (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ slug: string; page: string }> {
  return [];
}
