import type { Metadata } from "next";
import Link from "next/link";

import { signOutAction } from "@/lib/actions/sign-in";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import type { Actor } from "@/lib/auth/actor";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: { default: "Desk", template: "%s · Desk" }, robots: { index: false } };

export default async function DeskLayout({ children }: { children: React.ReactNode }) {
  // Not a security boundary (every action checks again), but nobody without desk rights sees it.
  const actor = await requirePagePermission("desk.open", "/desk");
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="border-b border-[var(--rule)] bg-[var(--ink)] text-[var(--paper)]">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href={can(actor.role, "story.editOwn") ? "/desk" : "/desk/moderation"} className="font-serif text-xl font-bold">
            Newsdesk
          </Link>
          {/* Wide screens: the links in a row. */}
          <nav aria-label="Desk" className="hidden flex-1 flex-wrap items-center gap-x-5 gap-y-2 text-sm sm:flex">
            <DeskLinks actor={actor} />
          </nav>
          <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="hidden min-w-0 break-words sm:inline">
              {actor.displayName} · {ROLE_LABELS[actor.role]}
            </span>
            {/* Phones: the links behind "Menu", so the header stays one line. */}
            <details className="relative sm:hidden">
              <summary className="cursor-pointer rounded border border-[var(--paper)] px-3 py-1 font-semibold">Menu</summary>
              <div className="absolute right-0 z-20 mt-2 w-60 rounded border border-[var(--rule)] bg-[var(--ink)] p-4 shadow-lg">
                <nav aria-label="Desk" className="flex flex-col gap-3">
                  <DeskLinks actor={actor} />
                </nav>
                <p className="mt-4 border-t border-[var(--rule)] pt-3 break-words">
                  Signed in as {actor.displayName}, {ROLE_LABELS[actor.role].toLowerCase()}
                </p>
              </div>
            </details>
            <form action={signOutAction}>
              <button type="submit" className="underline">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

/** The desk's sections a person may open, in the order of a day's work. */
function DeskLinks({ actor }: { actor: Actor }) {
  return (
    <>
      {can(actor.role, "story.editOwn") ? <Link href="/desk">Stories</Link> : null}
      {can(actor.role, "story.editOwn") ? <Link href="/desk/media">Media</Link> : null}
      {can(actor.role, "wire.read") ? <Link href="/desk/wire">Wire</Link> : null}
      {can(actor.role, "taxonomy.manage") ? <Link href="/desk/sections">Sections</Link> : null}
      {can(actor.role, "byline.manage") ? <Link href="/desk/bylines">Bylines</Link> : null}
      {can(actor.role, "taxonomy.manage") ? <Link href="/desk/tags">Tags</Link> : null}
      {can(actor.role, "comment.moderate") ? <Link href="/desk/moderation">Moderation</Link> : null}
      {can(actor.role, "people.manage") ? <Link href="/desk/people">People</Link> : null}
      {can(actor.role, "settings.manage") ? <Link href="/desk/settings">Settings</Link> : null}
      <Link href="/">Site</Link>
    </>
  );
}
