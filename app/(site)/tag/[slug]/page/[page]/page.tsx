// Page N of a tag's page: `/tag/<slug>?page=N` is rewritten here (next.config.ts), so the page is
// keyed on its path and can be cached. The segment config must be written out in each route file.
export { default, generateMetadata } from "../../page";

export const revalidate = 86400; // a safety net: changes stamp tags, the clock sets `expires:` (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ slug: string; page: string }> {
  return [];
}
