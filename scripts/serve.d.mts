/** How many app processes scripts/serve.mjs starts: NEWSDESK_WORKERS, or one per core (at most 4). */
export function workerCount(env?: NodeJS.ProcessEnv, cores?: number): number;
