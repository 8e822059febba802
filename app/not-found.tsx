import Link from "next/link";

import { SiteMasthead } from "@/components/site/site-masthead";

// Any address nothing answers, outside a section: the page stands alone (no site layout wraps
// it), so it carries its own header and main.
export default function NotFound() {
  return (
    <>
      <header className="border-b border-[var(--rule)]">
        <div className="mx-auto max-w-6xl px-4 py-4">
          <SiteMasthead />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-2xl px-4 py-16">
        <h1 className="page-title">Page not found</h1>
        <p className="page-intro">There is nothing at this address. The story may have moved or been taken down.</p>
        <p className="mt-6">
          <Link href="/" className="font-semibold underline underline-offset-2">
            Go to the front page
          </Link>
        </p>
      </main>
    </>
  );
}
