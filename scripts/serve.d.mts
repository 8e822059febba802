/** How many app processes scripts/serve.mjs starts: NEWSDESK_WORKERS, or one per core (at most 4). */
export function workerCount(asked?: number, cores?: number): number;
/** Database connections per app process when DATABASE_POOL_SIZE does not say. */
export function poolSizePerWorker(workers: number, cores?: number): number;

import type { IncomingMessage, ServerResponse } from "node:http";

import type { PageResponses } from "../lib/cache/page-responses.mjs";
import type { TrustedProxies } from "../lib/http/forwarded.mjs";
import type { NodeRoutes } from "../lib/http/node-routes";

/** Where the app listens when -H does not say: loopback only. */
export const LOOPBACK_HOSTS: readonly string[];
/** Sets X-Forwarded-For to the client's address (from the socket and trusted proxies) and drops X-Real-IP. */
export function setClientAddress(req: IncomingMessage, trusted: TrustedProxies): void;
/** What each request meets first: the client address, the comment endpoint, the page replay, then `handle`. */
export function createRequestHandler(options: {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  trusted: TrustedProxies;
  responses?: PageResponses;
  nodeRoutes?: () => NodeRoutes | undefined;
}): (req: IncomingMessage, res: ServerResponse) => void;
export function listenHosts(hostname: string | undefined): readonly string[];
export function describeListening(hosts: readonly string[], port: number): string;
