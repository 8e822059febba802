/** How many app processes scripts/serve.mjs starts: NEWSDESK_WORKERS, or one per core (at most 4). */
export function workerCount(env?: Record<string, string | undefined>, cores?: number): number;
/** Database connections per app process when DATABASE_POOL_SIZE does not say. */
export function poolSizePerWorker(workers: number, cores?: number): number;
