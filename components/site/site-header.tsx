import Link from "next/link";

import type { SectionSummary } from "@/lib/sections/queries";

import { SiteMasthead } from "./site-masthead";

/**
 * The reader site's header. It is the same for everyone, signed in or not, because reader pages
 * are rendered once and served from the cache to every reader (docs/caching.md): who is signed in
 * is shown on /account, which is rendered per request. No client code.
 */
export function SiteHeader({ sections }: { sections: SectionSummary[] }) {
  return (
    <header className="border-b border-[var(--rule)]">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-4">
        <SiteMasthead />
        <div className="flex items-center gap-4 text-sm">
          <Link href="/search">Search</Link>
          <Link href="/account">Your account</Link>
        </div>
      </div>
      <nav aria-label="Sections" className="mx-auto max-w-6xl px-4 pb-3">
        <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm font-semibold">
          {sections.map((section) => (
            <li key={section.id}>
              <Link href={`/${section.slug}`}>{section.name}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
