// What email needs to know about the site: its name (the site settings, lib/settings/site.ts) and
// where links go. One place, so every message reads them the same way.

import "server-only";

import { env } from "@/lib/env.mjs";
import { readSiteSettings } from "@/lib/settings/site";
import { absoluteUrl, siteUrl } from "@/lib/site";

/** The site's name as the settings have it now (read from the database: mail is rare, and sent outside requests). */
export async function siteName(): Promise<string> {
  return (await readSiteSettings()).name;
}

/** An absolute link on the site for an email. */
export function emailLink(path: string): string {
  return absoluteUrl(path);
}

/** SMTP_FROM, or "<site name> <no-reply@<site host>>". */
export function fromAddress(name: string): string {
  if (env.SMTP_FROM) return env.SMTP_FROM;
  const host = new URL(siteUrl()).hostname;
  return `${name.replace(/["<>\\\r\n]/g, "")} <no-reply@${host.includes(".") ? host : `${host}.localdomain`}>`;
}

/** The domain of our Message-IDs. */
export function messageIdDomain(): string {
  const host = new URL(siteUrl()).hostname;
  return host || "newsdesk.localdomain";
}
