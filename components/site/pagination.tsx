import Link from "next/link";

/** The page's URL: page 1 is the bare path, so each list has one address for its first page. */
export function pageHref(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}?page=${page}`;
}

/**
 * "Newer" and "Older" as plain links (newest stories are on page 1), with where the reader is.
 * Renders nothing when everything fits on one page.
 */
export function Pagination({ basePath, page, pageCount }: { basePath: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const linkClass = "inline-block rounded border border-[var(--rule)] px-4 py-2 font-semibold no-underline hover:border-[var(--ink)]";
  return (
    <nav aria-label="Pagination" className="mt-10 flex flex-wrap items-center justify-between gap-4 border-t border-[var(--rule)] pt-6 text-sm">
      <div className="min-w-24">
        {page > 1 ? (
          <Link href={pageHref(basePath, page - 1)} rel="prev" className={linkClass}>
            <span aria-hidden="true">← </span>Newer
          </Link>
        ) : null}
      </div>
      <p className="text-[var(--muted)]">
        Page {page} of {pageCount}
      </p>
      <div className="min-w-24 text-right">
        {page < pageCount ? (
          <Link href={pageHref(basePath, page + 1)} rel="next" className={linkClass}>
            Older<span aria-hidden="true"> →</span>
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
