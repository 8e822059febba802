// A reader page whose address moved (a renamed section, a merged byline, a renamed or merged tag):
// where the page's own loader refuses NOT_FOUND, the old address's new home is looked up and the
// reader is sent there with a 308, page number and all. Like a story's old slug (StorySlug).

import { permanentRedirect } from "next/navigation";

import { isAppError } from "@/lib/errors";

/** What `work` gives; when it refuses NOT_FOUND and `movedTo` names a new address, a 308 there. */
export async function orMoved<T>(work: Promise<T>, movedTo: () => Promise<string | null>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      const href = await movedTo();
      if (href) permanentRedirect(href);
    }
    throw error;
  }
}

/** The new address of page `page` (as the URL gave it) of a list that moved to `basePath`. */
export function movedPageHref(basePath: string, page: string | undefined): string {
  return page === undefined ? basePath : `${basePath}?page=${encodeURIComponent(page)}`;
}
