// Types for page-responses.mjs, which stays plain JavaScript because scripts/serve.mjs loads it unbundled.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface ServableStore {
  isServable(etag: string): boolean;
}

export declare function replayKey(req: IncomingMessage): string | null;

export declare class PageResponses {
  constructor(options?: { store?: ServableStore | (() => ServableStore | undefined); maxEntries?: number; maxBytes?: number });
  entries: Map<string, { etag: string; headers: Array<[string, unknown]>; body: Buffer }>;
  bytes: number;
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  record(req: IncomingMessage, res: ServerResponse): void;
}

export declare function createPageResponses(maxBytes?: number): PageResponses;
