import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { seedSections } from "@/prisma/seed";
import { unique } from "@/tests/integration/factories";

function section(slug: string) {
  return { slug, name: slug, description: "", position: 0, commentPolicy: "OPEN" as const, commentsCloseAfterDays: null };
}

describe("creating sections (the seed)", () => {
  it("refuses a reserved slug with a message naming the route, and creates none of the list", async () => {
    const fine = unique("section");
    const seeding = seedSections(db, [section(fine), section("search")]);
    await expect(seeding).rejects.toBeInstanceOf(AppError);
    await expect(seeding).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "“search” cannot be a section's slug: /search is already the search page. Choose another slug.",
      fieldErrors: { slug: [expect.stringContaining("/search is already the search page")] },
    });
    expect(await db.section.count({ where: { slug: { in: [fine, "search"] } } })).toBe(0);
  });

  it("creates sections whose slugs are free", async () => {
    const slugs = [unique("section"), unique("section")];
    const ids = await seedSections(db, slugs.map(section));
    expect([...ids.keys()]).toEqual(slugs);
    expect(await db.section.count({ where: { slug: { in: slugs } } })).toBe(2);
  });
});
