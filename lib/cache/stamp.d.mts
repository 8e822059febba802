// Types for stamp.mjs, which stays plain JavaScript because the cache handler loads it unbundled.
export declare const CACHE_CHANNEL: string;
export declare const MAX_NOTIFY_PAYLOAD_BYTES: number;
export declare const STAMP_SQL: string;
export declare function chunkTagsForNotify(tags: readonly string[]): string[][];
