import Link from "next/link";
import { connection } from "next/server";

import { SiteHeader } from "@/components/site/site-header";
import { getActor } from "@/lib/auth/session";
import { listSections } from "@/lib/sections/queries";

export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  // Reader pages are rendered per request for now; caching with revalidation on publish comes with the reader site.
  await connection();
  const [sections, actor] = await Promise.all([listSections(), getActor()]);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <SiteHeader sections={sections} actor={actor} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
      <footer className="mt-16 border-t border-[var(--rule)]">
        <div className="mx-auto flex max-w-6xl flex-wrap items-baseline justify-between gap-x-6 gap-y-2 px-4 py-6 text-sm text-[var(--muted)]">
          <p>Newshub — published with Newsdesk.</p>
          <Link href="/corrections" className="underline underline-offset-2">
            Corrections and clarifications
          </Link>
        </div>
      </footer>
    </>
  );
}
