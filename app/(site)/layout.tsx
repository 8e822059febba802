import Link from "next/link";

import { SiteHeader } from "@/components/site/site-header";
import { getSiteSettings, listSections } from "@/lib/cache/reader";

// Shared by cached reader pages: it reads nothing from the request (no session, no cookies), so the
// pages under it can be rendered once and served from the reader cache (docs/caching.md).
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const [sections, site] = await Promise.all([listSections(), getSiteSettings()]);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <SiteHeader sections={sections} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
      <footer className="mt-16 border-t border-[var(--rule)]">
        <div className="mx-auto flex max-w-6xl flex-wrap items-baseline justify-between gap-x-6 gap-y-2 px-4 py-6 text-sm text-[var(--muted)]">
          <p>{site.name} — published with Newsdesk.</p>
          {site.social.length > 0 ? (
            <nav aria-label={`${site.name} elsewhere`}>
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {site.social.map((account) => (
                  <li key={account.service}>
                    <a href={account.url} rel="me noopener" className="underline underline-offset-2">
                      {account.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <Link href="/corrections" className="underline underline-offset-2">
            Corrections and clarifications
          </Link>
        </div>
      </footer>
    </>
  );
}
