import Link from "next/link";

const TABS = [
  { href: "/desk/settings", label: "Settings" },
  { href: "/desk/outbox", label: "Outbox" },
  { href: "/desk/webhooks", label: "Webhooks" },
  { href: "/desk/integrations", label: "Integrations" },
  { href: "/desk/wire-sources", label: "Wire sources" },
] as const;

export type AdminTab = (typeof TABS)[number]["label"];

/**
 * The admins' pages, as tabs above each of them: the desk's own navigation keeps one link to them
 * ("Settings"), so it still fits a phone in two lines.
 */
export function AdminTabs({ current }: { current: AdminTab }) {
  return (
    <nav aria-label="Admin" className="mb-4 flex flex-wrap gap-1 border-b border-[var(--rule)] text-sm">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.label === current ? "page" : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 aria-[current=page]:border-[var(--ink)] aria-[current=page]:font-semibold"
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
