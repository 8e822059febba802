import Link from "next/link";

import { can } from "@/lib/auth/roles";
import type { Actor } from "@/lib/auth/session";
import { signOutAction } from "@/lib/auth/actions";
import type { SectionSummary } from "@/lib/sections/queries";

export function SiteHeader({ sections, actor }: { sections: SectionSummary[]; actor: Actor | null }) {
  return (
    <header className="border-b border-[var(--rule)]">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-4">
        <Link href="/" className="font-serif text-3xl font-bold tracking-tight no-underline">
          Newshub
        </Link>
        <div className="flex items-center gap-4 text-sm">
          <Link href="/search">Search</Link>
          {actor ? (
            <>
              {can(actor.role, "desk.open") ? <Link href="/desk">Desk</Link> : null}
              <span className="text-[var(--muted)]">{actor.displayName}</span>
              <form action={signOutAction}>
                <button type="submit" className="underline">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/login">Sign in</Link>
          )}
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
