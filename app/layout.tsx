import type { Metadata } from "next";

import "./globals.css";
import { getSiteSettings } from "@/lib/cache/reader";
import { localeLanguage } from "@/lib/settings/schemas";

/** The site's name, description and icon come from the site settings (/desk/settings); app/icon.svg's design is the default icon. */
export async function generateMetadata(): Promise<Metadata> {
  const site = await getSiteSettings();
  return {
    title: { default: site.name, template: `%s · ${site.name}` },
    description: site.description,
    icons: { icon: site.favicon ? [{ url: site.favicon.url, type: site.favicon.mimeType }] : [{ url: "/icon.svg", type: "image/svg+xml" }] },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const site = await getSiteSettings();
  return (
    <html lang={localeLanguage(site.locale)}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
