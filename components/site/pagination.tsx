import Link from "next/link";

/** The page's URL: page 1 is the bare path, so each list has one address for its first page. */
export function pageHref(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}?page=${page}`;
}

interface PaginationProps {
  page: number;
  pageCount: number;
  /** The list's path (page N at `?page=N`), or `href` for lists whose pages carry more in the query. */
  basePath?: string;
  href?: (page: number) => string;
  /** The links' words: "Newer" and "Older" by default (newest stories are on page 1). */
  previousLabel?: string;
  nextLabel?: string;
  /** The navigation landmark's name. */
  label?: string;
}

/**
 * The previous and next pages as plain links, with where the reader is. Renders nothing when
 * everything fits on one page.
 */
export function Pagination({ page, pageCount, basePath = "", href, previousLabel = "Newer", nextLabel = "Older", label = "Pagination" }: PaginationProps) {
  if (pageCount <= 1) return null;
  const hrefFor = href ?? ((n: number) => pageHref(basePath, n));
  const linkClass = "inline-block rounded border border-[var(--rule)] px-4 py-2 font-semibold no-underline hover:border-[var(--ink)]";
  return (
    <nav aria-label={label} className="mt-10 flex flex-wrap items-center justify-between gap-4 border-t border-[var(--rule)] pt-6 text-sm">
      <div className="min-w-24">
        {page > 1 ? (
          <Link href={hrefFor(page - 1)} rel="prev" className={linkClass}>
            <span aria-hidden="true">← </span>
            {previousLabel}
          </Link>
        ) : null}
      </div>
      <p className="text-[var(--muted)]">
        Page {page} of {pageCount}
      </p>
      <div className="min-w-24 text-right">
        {page < pageCount ? (
          <Link href={hrefFor(page + 1)} rel="next" className={linkClass}>
            {nextLabel}
            <span aria-hidden="true"> →</span>
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
