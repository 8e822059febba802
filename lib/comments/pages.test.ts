import { describe, expect, it } from "vitest";

import { discussionPage, parsePageParam } from "./pages";

interface Thread {
  id: string;
  replies: Thread[];
}
const thread = (id: string, replies: Thread[] = []): Thread => ({ id, replies });
const threads = Array.from({ length: 7 }, (_, i) => thread(`t${i + 1}`, i === 5 ? [thread("r6", [thread("rr6")])] : []));

describe("discussionPage", () => {
  it("cuts the threads into pages and refuses a page past the last", () => {
    expect(discussionPage(threads, null, null, 3)).toEqual({ page: 1, pages: 3, threads: threads.slice(0, 3) });
    expect(discussionPage(threads, 3, null, 3)?.threads.map((t) => t.id)).toEqual(["t7"]);
    expect(discussionPage(threads, 4, null, 3)).toBeNull();
    expect(discussionPage([], null, null, 3)).toEqual({ page: 1, pages: 1, threads: [] });
    expect(discussionPage([], 2, null, 3)).toBeNull();
  });

  it("shows the page holding the comment a reader was sent to, down to a reply of a reply", () => {
    expect(discussionPage(threads, 1, "rr6", 3)?.page).toBe(2);
    expect(discussionPage(threads, null, "t7", 3)?.page).toBe(3);
    // An id that is not in the thread (deleted since, or made up) leaves the page asked for.
    expect(discussionPage(threads, 2, "nope", 3)?.page).toBe(2);
  });
});

describe("parsePageParam", () => {
  it("takes whole numbers from 1 and calls anything else malformed", () => {
    expect(parsePageParam(undefined)).toBeNull();
    expect(parsePageParam("2")).toBe(2);
    for (const bad of ["0", "-1", "1.5", "01", "two", "", "1e3", "9999999999"]) expect(parsePageParam(bad), bad).toBeUndefined();
  });
});
