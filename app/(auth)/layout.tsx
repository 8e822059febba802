import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="border-b border-[var(--rule)]">
        <div className="mx-auto max-w-6xl px-4 py-4">
          <Link href="/" className="font-serif text-3xl font-bold no-underline">
            Newshub
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-sm px-4 py-12">
        {children}
      </main>
    </>
  );
}
