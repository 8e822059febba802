// Where a webhook may send: an http(s) URL, and (on a production server) only to public
// addresses, against server-side request forgery. The host is resolved when the webhook is saved
// and again at every delivery, and the connection goes to the address that was checked, so a DNS
// answer that changes to a private address later (DNS rebinding) is caught when it matters.
// NEWSDESK_WEBHOOKS_ALLOW_PRIVATE=1 lets a production server send into its own network;
// development and tests always may (a receiver on loopback). docs/security.md, "Webhooks".

import "server-only";

import { lookup } from "node:dns/promises";
import net from "node:net";

import { env } from "@/lib/env.mjs";
import { AppError } from "@/lib/errors";
import { isPublicAddress } from "@/lib/media/remote";
import { FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";

import { webhookUrlProblem } from "./schemas";
import { WEBHOOK_URL_PRIVATE, WEBHOOK_URL_UNRESOLVED } from "./sentences";

/** Resolves a host name to its addresses. */
export type Resolver = (hostname: string) => Promise<string[]>;

export async function systemResolve(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/** Whether this server may send to private, loopback and link-local addresses. */
export function allowsPrivateAddresses(): boolean {
  return env.NODE_ENV !== "production" || env.NEWSDESK_WEBHOOKS_ALLOW_PRIVATE;
}

function urlRefusal(message: string): AppError {
  return new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, { fieldErrors: { url: [message] } });
}

/** The URL, if it is one a webhook may have at all (before any lookup). */
export function parseWebhookUrl(raw: string): URL {
  const text = raw.trim();
  const problem = webhookUrlProblem(text);
  if (problem) throw urlRefusal(problem);
  const url = new URL(text);
  url.hash = "";
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/** An address a delivery may not go to; the message says why, for the delivery log. */
export class WebhookAddressError extends Error {}

/**
 * The address to connect to for `url`: resolved, and (unless private addresses are allowed) every
 * answer public. Throws WebhookAddressError with the reason.
 */
export async function resolveWebhookAddress(url: URL, { resolve = systemResolve, allowPrivate = allowsPrivateAddresses() }: { resolve?: Resolver; allowPrivate?: boolean } = {}): Promise<string> {
  const host = hostOf(url);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = [];
    }
  }
  if (addresses.length === 0) throw new WebhookAddressError(`The host name ${host} could not be resolved.`);
  if (!allowPrivate) {
    const refused = addresses.find((address) => !isPublicAddress(address));
    if (refused !== undefined) throw new WebhookAddressError(`Refused: ${host} resolves to ${refused}, a private, loopback or link-local address.`);
  }
  return addresses[0]!;
}

/** Checks a URL an admin is saving: its form always; its addresses when private ones are refused. */
export async function checkWebhookUrl(raw: string, options: { resolve?: Resolver; allowPrivate?: boolean } = {}): Promise<URL> {
  const url = parseWebhookUrl(raw);
  const allowPrivate = options.allowPrivate ?? allowsPrivateAddresses();
  if (allowPrivate) return url;
  try {
    await resolveWebhookAddress(url, { ...options, allowPrivate });
  } catch (error) {
    if (!(error instanceof WebhookAddressError)) throw error;
    throw urlRefusal(error.message.startsWith("Refused") ? WEBHOOK_URL_PRIVATE : WEBHOOK_URL_UNRESOLVED);
  }
  return url;
}
