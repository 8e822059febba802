import Link from "next/link";

import { SiteMasthead } from "@/components/site/site-masthead";

export default function Forbidden() {
  return (
    <>
      <header className="border-b border-[var(--rule)]">
        <div className="mx-auto max-w-6xl px-4 py-4">
          <SiteMasthead />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-2xl px-4 py-16">
        <h1 className="page-title">You don’t have access to this page</h1>
        <p className="page-intro">Your account cannot open this part of the newsroom. If you think it should, ask an admin.</p>
        <p className="mt-6">
          <Link href="/" className="font-semibold underline underline-offset-2">
            Go to the front page
          </Link>
        </p>
      </main>
    </>
  );
}
