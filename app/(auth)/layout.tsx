import { SiteMasthead } from "@/components/site/site-masthead";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="border-b border-[var(--rule)]">
        <div className="mx-auto max-w-6xl px-4 py-4">
          <SiteMasthead />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-sm px-4 py-12">
        {children}
      </main>
    </>
  );
}
