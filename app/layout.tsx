import type { Metadata } from "next";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Newshub", template: "%s · Newshub" },
  description: "News from the Newshub newsroom.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
