// What email needs to know about the site: its name and where links go. One place, so the site
// settings (lib/site.ts) reach every message through it.

import { absoluteUrl, SITE_NAME, siteUrl } from "@/lib/site";
import { env } from "@/lib/env.mjs";

export function siteName(): string {
  return SITE_NAME;
}

/** An absolute link on the site for an email. */
export function emailLink(path: string): string {
  return absoluteUrl(path);
}

/** SMTP_FROM, or "<site name> <no-reply@<site host>>". */
export function fromAddress(): string {
  if (env.SMTP_FROM) return env.SMTP_FROM;
  const host = new URL(siteUrl()).hostname;
  return `${siteName().replace(/["<>]/g, "")} <no-reply@${host.includes(".") ? host : `${host}.localdomain`}>`;
}

/** The domain of our Message-IDs. */
export function messageIdDomain(): string {
  const host = new URL(siteUrl()).hostname;
  return host || "newsdesk.localdomain";
}
