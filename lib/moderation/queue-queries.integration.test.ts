import { describe, expect, it, vi } from "vitest";

import { makeComment, makeReport } from "@/lib/moderation/test-factories";
import { makeActor, makeStory, makeUser } from "@/tests/integration/factories";

// Counts every call the queue makes to the database client (model methods and raw queries), to
// show a page costs the same few calls whether it holds 2 comments or 40: no query per comment.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db")>();
  const counting = (target: object): object =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object) as unknown;
        if (typeof value === "function") {
          return (...args: unknown[]) => {
            calls.count += 1;
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return value && typeof value === "object" ? counting(value) : value;
      },
    });
  return { ...real, db: counting(real.db) };
});

const { listModerationQueue } = await import("@/lib/moderation/queries");

describe("the cost of a queue page", () => {
  it("is the same handful of calls for 2 comments as for 40, in every queue", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const parent = await makeComment({ storyId: story.id, status: "APPROVED" });
    const authors = [await makeUser("READER"), await makeUser("READER"), await makeUser("READER")];
    for (let i = 0; i < 40; i++) {
      const comment = await makeComment({ storyId: story.id, parentId: parent.id, authorId: authors[i % 3]!.id });
      await makeReport(comment.id);
    }
    for (const queue of ["pending", "reported", "recent"] as const) {
      calls.count = 0;
      const small = await listModerationQueue(moderator, { queue, limit: 2 });
      const smallCalls = calls.count;
      calls.count = 0;
      const large = await listModerationQueue(moderator, { queue, limit: 40 });
      expect(small.items).toHaveLength(2);
      expect(large.items).toHaveLength(40);
      expect(calls.count, queue).toBe(smallCalls);
      expect(smallCalls, queue).toBeGreaterThanOrEqual(3);
      expect(smallCalls, queue).toBeLessThanOrEqual(5);
    }
  });
});
