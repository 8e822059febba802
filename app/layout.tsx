import type { Metadata } from "next";

import "./globals.css";
import { SITE_DESCRIPTION } from "@/lib/site";

export const metadata: Metadata = {
  title: { default: "Newshub", template: "%s · Newshub" },
  description: SITE_DESCRIPTION,
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
