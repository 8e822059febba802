// Types for cache-handler.mjs, which stays plain JavaScript because Next loads it unbundled.
// Only what the tests use of it is declared here.

export interface ReaderCacheStoreOptions {
  databaseUrl?: string;
  pollIntervalMs?: number;
  maxBytes?: number;
  listen?: boolean;
  log?: Pick<Console, "warn">;
}

export interface ReaderCacheEntry {
  lastModified: number;
  value: unknown;
  cacheControl?: { revalidate?: number | false; expire?: number };
}

export declare class ReaderCacheStore {
  constructor(options?: ReaderCacheStoreOptions);
  bytes: number;
  listening: boolean;
  entries: Map<string, unknown>;
  start(): void;
  stop(): Promise<void>;
  connectListener(): Promise<void>;
  poll(): Promise<void>;
  markRevalidated(tags: readonly string[]): void;
  revalidateTags(tags: readonly string[]): Promise<void>;
  get(key: string, ctx: Record<string, unknown>, requestNonce?: string): ReaderCacheEntry | null;
  isServable(etag: string, now?: number): boolean;
  set(key: string, data: unknown, ctx: Record<string, unknown>, requestNonce?: string): void;
}

export default class NewsdeskCacheHandler {
  constructor(ctx: { _requestHeaders?: Record<string, string | string[] | undefined> });
  get(key: string, ctx: Record<string, unknown>): Promise<ReaderCacheEntry | null>;
  set(key: string, data: unknown, ctx: Record<string, unknown>): Promise<void>;
  revalidateTag(tags: string | string[]): Promise<void>;
  resetRequestCache(): void;
}
