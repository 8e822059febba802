// The wire's watched folder: a file dropped in a source's folder is stored and moved to done/, a
// duplicate is acknowledged and stored nothing, a bad file goes to failed/ with a reason file, and
// two instances polling at once take each file once.

import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { pollWireInbox } from "@/lib/wire/folder";
import { createWireSource } from "@/lib/wire/mutations";
import { makeActor, unique } from "@/tests/integration/factories";

const ninjsSample = readFileSync(path.resolve(__dirname, "../../tests/fixtures/wire/ninjs-harbour.json"), "utf8");

describe("the wire's watched folder", () => {
  it("takes a file, ignores a duplicate, and fails a bad file with a reason", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "wire-inbox-"));
    const source = await createWireSource(await makeActor("ADMIN"), { name: unique("Folder Wire"), credit: "Folder Wire" });
    const dir = path.join(root, source.slug);
    await fs.mkdir(dir, { recursive: true });
    const item = JSON.stringify({ ...JSON.parse(ninjsSample), uri: unique("urn:test:folder") });
    await fs.writeFile(path.join(dir, "first.json"), item);
    await fs.writeFile(path.join(dir, "again.json"), item);
    await fs.writeFile(path.join(dir, "hostile.xml"), `<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><newsItem guid="g" version="1"/>`);
    await fs.writeFile(path.join(dir, "notes.txt"), "not an item");
    await fs.writeFile(path.join(dir, ".partial.json"), "{");

    // Two instances poll at once: each file is taken by one of them.
    const outcomes = (await Promise.all([pollWireInbox(root), pollWireInbox(root)])).flat().filter((o) => o.file !== ".partial.json");
    const mine = outcomes.filter((o) => ["first.json", "again.json", "hostile.xml", "notes.txt"].includes(o.file));
    expect(mine.map((o) => o.file).sort()).toEqual(["again.json", "first.json", "hostile.xml", "notes.txt"]);
    expect(mine.filter((o) => o.result === "stored")).toHaveLength(1);
    expect(mine.filter((o) => o.result === "duplicate")).toHaveLength(1);
    expect(mine.filter((o) => o.result === "failed").map((o) => o.file).sort()).toEqual(["hostile.xml", "notes.txt"]);
    expect(await db.wireItem.count({ where: { sourceId: source.id } })).toBe(1);

    expect((await fs.readdir(path.join(dir, "done"))).filter((n) => n.endsWith(".json"))).toHaveLength(2);
    const failed = await fs.readdir(path.join(dir, "failed"));
    const reason = failed.find((n) => n.endsWith("hostile.xml.reason.txt"));
    expect(reason).toBeDefined();
    expect(await fs.readFile(path.join(dir, "failed", reason!), "utf8")).toMatch(/DOCTYPE/);
    // What is still being written stays where it is; nothing is left claimed.
    expect(await fs.readdir(dir)).toContain(".partial.json");
    expect(await fs.readdir(path.join(dir, "processing"))).toEqual([]);
    await fs.rm(root, { recursive: true, force: true });
  });
});
