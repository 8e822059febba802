// The discussion page shows a story's threads a page at a time: a thread (a top-level comment with
// all its replies) is never split. A reader sent to one comment (a reply, report or edit form, or
// the outcome of posting) gets the page that holds its thread, whatever page they asked for.

/** Threads on one page of the discussion. Each is one top-level comment and all its replies. */
export const THREADS_PER_PAGE = 50;

interface Thread {
  id: string;
  replies: readonly Thread[];
}

function holds(thread: Thread, id: string): boolean {
  return thread.id === id || thread.replies.some((reply) => holds(reply, id));
}

export interface DiscussionPage<T> {
  /** 1-based. */
  page: number;
  pages: number;
  threads: T[];
}

/**
 * The page to show, or null for a page number that does not exist (a 404, as on the reader site).
 * `requested` is the query's page, already known to be a whole number ≥ 1 or absent.
 */
export function discussionPage<T extends Thread>(threads: readonly T[], requested: number | null, focusId: string | null, perPage: number = THREADS_PER_PAGE): DiscussionPage<T> | null {
  const pages = Math.max(1, Math.ceil(threads.length / perPage));
  let page = requested ?? 1;
  if (focusId) {
    const index = threads.findIndex((thread) => holds(thread, focusId));
    if (index >= 0) page = Math.floor(index / perPage) + 1;
  }
  if (page < 1 || page > pages) return null;
  return { page, pages, threads: threads.slice((page - 1) * perPage, page * perPage) };
}

/** The query's page number: a whole number from 1, or null when absent; undefined when malformed. */
export function parsePageParam(value: string | undefined): number | null | undefined {
  if (value === undefined) return null;
  return /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : undefined;
}
