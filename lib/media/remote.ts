// Bringing an image from another site into the media library: for pictures in a paste from a web
// page or Google Docs (lib/stories/paste.ts lists them). The server fetches an address someone
// typed or pasted, so it is guarded against server-side request forgery:
//   - http and https only, default ports only, no user name or password in the address;
//   - the host name is resolved first and refused when ANY of its addresses is private, loopback,
//     link-local, shared, multicast, reserved or documentation space (IPv4 and IPv6, mapped forms
//     too), and the connection goes to the address that was checked (no second lookup, so a DNS
//     answer that changes in between cannot redirect it);
//   - redirects are followed by hand, at most three, each new address checked the same way;
//   - the body is read up to the upload limit and the time is bounded; the bytes then go through
//     uploadImage, which decides the type from the bytes as for any upload.
// The connection is injectable (RemoteImageDeps) so an integration test can serve an image from a
// local server; nothing in the product passes it, so the guard stays shut in production.

import "server-only";

import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env.mjs";
import { AppError, isAppError } from "@/lib/errors";
import { collectUpTo } from "@/lib/http/request-guards";
import { MAX_UPLOAD_BYTES } from "@/lib/media/images";
import { tooLargeError, uploadImage } from "@/lib/media/mutations";
import type { MediaItem } from "@/lib/media/queries";
import { STAFF_ONLY_UPLOAD } from "@/lib/media/sentences";
import { parseInput } from "@/lib/validation/parse-input";

const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 10_000;

export const NOT_A_WEB_ADDRESS = "The image address must be an http or https address on the web.";
const ADDRESS_REFUSED = "That image address points into a private network: it cannot be fetched. Save the image and upload it instead.";

export interface RemoteResponse {
  status: number;
  location: string | null;
  contentLength: number | null;
  body: AsyncIterable<Uint8Array>;
  /** Ends the connection when the body is not read to its end. */
  cancel: () => void;
}

export interface RemoteImageDeps {
  /** The addresses a host name resolves to. */
  resolve: (hostname: string) => Promise<string[]>;
  /** Whether an address may be connected to. */
  isAllowedAddress: (address: string) => boolean;
  /** One GET of `url`, connected to `address` (already checked). */
  get: (url: URL, address: string, signal: AbortSignal) => Promise<RemoteResponse>;
}

function ipv4Parts(address: string): number[] | null {
  if (!net.isIPv4(address)) return null;
  return address.split(".").map(Number);
}

function isPublicIpv4(address: string): boolean {
  const parts = ipv4Parts(address);
  if (!parts) return false;
  const [a, b, c] = parts as [number, number, number, number];
  if (a === 0 || a === 10 || a === 127) return false; // this network, private, loopback
  if (a === 100 && b >= 64 && b <= 127) return false; // shared address space (carrier NAT)
  if (a === 169 && b === 254) return false; // link-local, cloud metadata
  if (a === 172 && b >= 16 && b <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, documentation
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // documentation
  if (a === 203 && b === 0 && c === 113) return false; // documentation
  if (a >= 224) return false; // multicast, reserved, broadcast
  return true;
}

/** Expands an IPv6 address into its eight 16-bit groups. */
function ipv6Groups(address: string): number[] | null {
  if (!net.isIPv6(address)) return null;
  let text = address.toLowerCase().split("%")[0]!;
  // A dotted IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split(".").map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  if (groups.length !== 8) return null;
  return groups.map((group) => parseInt(group, 16));
}

function isPublicIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  if (!groups) return false;
  const [g0, g1, g2, , , , g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embeddedV4 = `${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
  if (groups.slice(0, 7).every((group) => group === 0)) return false; // :: and ::1 (and the old ::a.b.c.d)
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) return isPublicIpv4(embeddedV4); // IPv4-mapped
  if (g0 === 0x64 && g1 === 0xff9b) return isPublicIpv4(embeddedV4); // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local
  if ((g0 & 0xffc0) === 0xfe80) return false; // link-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  if (g0 === 0x2002) return isPublicIpv4(`${g1 >> 8}.${g1 & 255}.${g2 >> 8}.${g2 & 255}`); // 6to4
  if (g0 === 0x2001 && g1 === 0) return false; // Teredo
  return true;
}

/** True only for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return isPublicIpv4(address);
  if (net.isIPv6(address)) return isPublicIpv6(address);
  return false;
}

async function systemResolve(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

function systemGet(url: URL, address: string, signal: AbortSignal): Promise<RemoteResponse> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        signal,
        headers: { accept: "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8", "user-agent": "Newsdesk media import" },
        // The connection goes to the address that was checked; TLS still verifies the host name.
        lookup: (_hostname, options, callback) => {
          const family = net.isIPv6(address) ? 6 : 4;
          if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
      },
      (response) => {
        const length = Number(response.headers["content-length"]);
        resolve({
          status: response.statusCode ?? 0,
          location: typeof response.headers.location === "string" ? response.headers.location : null,
          contentLength: Number.isFinite(length) ? length : null,
          body: response,
          cancel: () => response.destroy(),
        });
      },
    );
    request.on("error", reject);
    request.end();
  });
}

export const SYSTEM_DEPS: RemoteImageDeps = {
  resolve: systemResolve,
  // NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE=1: the operator's own network (an internal image server) is allowed too.
  isAllowedAddress: (address) => env.NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE || isPublicAddress(address),
  get: systemGet,
};

let depsForTests: RemoteImageDeps | null = null;

/**
 * Tests only: the connection imports through the server action use (the authorization matrix
 * serves its image from a local server). Refused in a production process.
 */
export function setRemoteImageDepsForTests(deps: RemoteImageDeps | null): void {
  if (env.NODE_ENV === "production") throw new Error("The remote image guard cannot be replaced in production.");
  depsForTests = deps;
}

/** The address, if it is one the server may fetch at all (before any lookup). */
export function checkImageUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("INVALID_INPUT", NOT_A_WEB_ADDRESS);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("INVALID_INPUT", NOT_A_WEB_ADDRESS);
  if (url.username !== "" || url.password !== "") throw new AppError("INVALID_INPUT", NOT_A_WEB_ADDRESS);
  // Only the web's own ports: no reaching a database or mail server on another port (unless the
  // operator lets the server fetch inside its own network: NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE=1).
  if (url.port !== "" && !env.NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE) throw new AppError("INVALID_INPUT", NOT_A_WEB_ADDRESS);
  return url;
}

/** Resolves `host`, giving up when `signal` aborts (a lookup cannot be cancelled, only abandoned). */
function resolveBounded(host: string, deps: RemoteImageDeps, signal: AbortSignal): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) reject(new Error("aborted"));
    signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
    deps.resolve(host).then(resolve, reject);
  });
}

async function checkedAddress(url: URL, deps: RemoteImageDeps, signal: AbortSignal): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolveBounded(host, deps, signal);
    } catch {
      throw new AppError("INVALID_INPUT", `The image's site (${host}) could not be found.`);
    }
  }
  if (addresses.length === 0 || !addresses.every((address) => deps.isAllowedAddress(address))) {
    throw new AppError("INVALID_INPUT", ADDRESS_REFUSED);
  }
  return addresses[0]!;
}

async function readCapped(response: RemoteResponse): Promise<Uint8Array> {
  const bytes = response.contentLength !== null && response.contentLength > MAX_UPLOAD_BYTES ? null : await collectUpTo(response.body, MAX_UPLOAD_BYTES);
  if (bytes === null) {
    response.cancel();
    throw tooLargeError();
  }
  return bytes;
}

/** Fetches the image at `raw` under the guard; the bytes are not yet checked to be an image. */
export async function fetchRemoteImage(raw: string, deps: RemoteImageDeps = SYSTEM_DEPS): Promise<{ bytes: Uint8Array; filename: string }> {
  let url = checkImageUrl(raw);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    for (let hop = 0; ; hop += 1) {
      const address = await checkedAddress(url, deps, controller.signal);
      let response: RemoteResponse;
      try {
        response = await deps.get(url, address, controller.signal);
      } catch {
        throw new AppError("INVALID_INPUT", `The image could not be fetched from ${url.hostname}: save it and upload it instead.`);
      }
      if (response.status >= 300 && response.status < 400 && response.location) {
        response.cancel();
        if (hop >= MAX_REDIRECTS) throw new AppError("INVALID_INPUT", "The image address redirects too many times.");
        url = checkImageUrl(new URL(response.location, url).href);
        continue;
      }
      if (response.status !== 200) {
        response.cancel();
        throw new AppError("INVALID_INPUT", `The image's site answered ${response.status}: save the image and upload it instead.`);
      }
      const bytes = await readCapped(response);
      return { bytes, filename: path.posix.basename(url.pathname) || "image" };
    }
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof AppError)) {
      throw new AppError("INVALID_INPUT", "The image's site took too long to answer: save the image and upload it instead.");
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const importSchema = z.object({
  url: z.string({ error: NOT_A_WEB_ADDRESS }).trim().min(1, NOT_A_WEB_ADDRESS).max(2048, NOT_A_WEB_ADDRESS),
  // The description is checked with the other image details by uploadImage.
  alt: z.string().max(2_000).optional(),
});

/** Fetches an image from the web into the media library, for staff; `deps` only in tests. */
export async function importRemoteImage(actor: Actor | null, input: unknown, deps: RemoteImageDeps = depsForTests ?? SYSTEM_DEPS): Promise<MediaItem> {
  // Who is asking is checked before anything is fetched: the fetch itself is what needs guarding.
  assertCan(actor, "story.editOwn", STAFF_ONLY_UPLOAD);
  const { url, alt } = parseInput(importSchema, input);
  const { bytes, filename } = await fetchRemoteImage(url, deps);
  try {
    return await uploadImage(actor, { bytes, filename, alt: alt ?? "" });
  } catch (error) {
    // The library already has this very file: the paste uses it rather than storing a copy.
    if (isAppError(error) && error.code === "CONFLICT" && error.details?.existing) return error.details.existing as MediaItem;
    throw error;
  }
}
