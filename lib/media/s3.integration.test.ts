// Media in an S3-compatible bucket: the store itself, and uploads, crops and reads through
// lib/media with MEDIA_S3_BUCKET set, against a real local S3 server (s3rver) through the AWS SDK.

import { randomUUID } from "node:crypto";

import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { updateMediaCrop, uploadImage } from "@/lib/media/mutations";
import { openMediaFile, parseStoredVariants, readMediaFile } from "@/lib/media/queries";
import { S3Store } from "@/lib/media/s3-store";
import { getMediaStore } from "@/lib/media/storage";
import { startS3Server, type S3TestServer } from "@/scripts/lib/s3-server";
import { makeActor } from "@/tests/integration/factories";

let server: S3TestServer;
let store: S3Store;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = await startS3Server();
  for (const [name, value] of Object.entries(server.env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  reloadEnv();
  const selected = getMediaStore();
  if (!(selected instanceof S3Store)) throw new Error("MEDIA_S3_BUCKET did not select the S3 store");
  store = selected;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete process.env.MEDIA_PUBLIC_BASE_URL;
  reloadEnv();
  await server.close();
});

/** Every key in the bucket under a media id. */
async function keysOf(id: string): Promise<string[]> {
  const listed = await store.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: `${id}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
}

async function picture(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Uint8Array> {
  const channel = () => Math.floor(Math.random() * 256);
  const image = sharp({ create: { width, height, channels: 3, background: { r: channel(), g: channel(), b: channel() } } });
  return new Uint8Array(await image.toFormat(format).toBuffer());
}

async function readAll(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}

describe("S3Store", () => {
  it("puts, gets, streams and deletes objects, with their content type", async () => {
    const id = randomUUID();
    const bytes = new Uint8Array(300_000).map((_, index) => index % 251);
    await store.put(`${id}/original.png`, bytes, "image/png");
    await store.put(`${id}/w480.webp`, bytes.slice(0, 1000), "image/webp");
    expect(await keysOf(id)).toEqual([`${id}/original.png`, `${id}/w480.webp`]);

    const got = await store.get(`${id}/original.png`);
    expect(got?.contentType).toBe("image/png");
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);

    const streamed = await store.stream(`${id}/w480.webp`);
    expect(streamed).toMatchObject({ contentType: "image/webp", size: 1000 });
    expect(streamed!.body).toBeInstanceOf(ReadableStream);
    expect(Buffer.from(await readAll(streamed!.body)).equals(Buffer.from(bytes.slice(0, 1000)))).toBe(true);

    await store.delete(`${id}/w480.webp`);
    expect(await keysOf(id)).toEqual([`${id}/original.png`]);
    await store.delete(`${id}/original.png`);
    expect(await keysOf(id)).toEqual([]);
  });

  it("answers null for a missing object, deletes one without error, and refuses keys it did not make", async () => {
    const id = randomUUID();
    expect(await store.get(`${id}/original.png`)).toBeNull();
    expect(await store.stream(`${id}/w960.webp`)).toBeNull();
    await expect(store.delete(`${id}/w960.webp`)).resolves.toBeUndefined();
    await expect(store.put("../etc/passwd", new Uint8Array([1]), "image/png")).rejects.toThrow(/Refusing media key/);
  });

  it("fails a put the server refuses, and stores nothing", async () => {
    const id = randomUUID();
    server.refuse((request) => request.method === "PUT");
    try {
      await expect(store.put(`${id}/original.png`, new Uint8Array([1, 2, 3]), "image/png")).rejects.toThrow();
    } finally {
      server.refuse(null);
    }
    expect(await keysOf(id)).toEqual([]);
  });
});

describe("media in the bucket", () => {
  it("stores an upload's original and every size there, and serves them streamed", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(2000, 1000, "jpeg"), filename: "wide.jpg", alt: "Wide" });
    const row = await db.media.findUniqueOrThrow({ where: { id: item.id } });
    const variants = parseStoredVariants(row.variants);
    expect(variants.map((variant) => variant.width)).toEqual([480, 960, 1600]);
    expect(await keysOf(item.id)).toEqual([`${item.id}/original.jpg`, ...variants.map((variant) => variant.key)].sort());

    const answer = await openMediaFile(item.id, 960);
    if (answer?.kind !== "file") throw new Error(`expected a file, got ${JSON.stringify(answer)}`);
    expect(answer.body).toBeInstanceOf(ReadableStream);
    expect(answer).toMatchObject({ contentType: "image/webp", current: true, size: variants[1]!.bytes });
    expect(await sharp(await readAll(answer.body)).metadata()).toMatchObject({ format: "webp", width: 960, height: 480 });

    const full = await readMediaFile(item.id, "full");
    expect(full).toMatchObject({ contentType: "image/jpeg" });
    expect(full!.bytes.byteLength).toBe(row.bytes);
  });

  it("crops from the bucket's original, writes the new sizes there and removes the old", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(2000, 1000), filename: "crop.png", alt: "To crop" });
    const oldKeys = parseStoredVariants((await db.media.findUniqueOrThrow({ where: { id: item.id } })).variants).map((variant) => variant.key);

    await updateMediaCrop(editor, item.id, { crop: { x: 0, y: 0, width: 1000, height: 1000 }, focalX: 0.5, focalY: 0.5, version: 1 });
    const newKeys = parseStoredVariants((await db.media.findUniqueOrThrow({ where: { id: item.id } })).variants).map((variant) => variant.key);
    expect(newKeys.some((key) => oldKeys.includes(key))).toBe(false);
    expect(await keysOf(item.id)).toEqual([`${item.id}/original.png`, ...newKeys].sort());

    const square = await openMediaFile(item.id, 480, 2);
    if (square?.kind !== "file") throw new Error("expected a file");
    expect(await sharp(await readAll(square.body)).metadata()).toMatchObject({ width: 480, height: 480 });
    // The cropped original is cut by the app, from the bucket's uncropped one.
    const original = await readMediaFile(item.id, "original", 2);
    expect(await sharp(original!.bytes).metadata()).toMatchObject({ width: 1000, height: 1000 });
  });

  it("refuses an upload the bucket refuses part-way: a clear error, no media row, no objects left", async () => {
    const editor = await makeActor("EDITOR");
    const bytes = await picture(1200, 800);
    // The original and the first size go in; the 960 size is refused.
    server.refuse((request) => request.method === "PUT" && /\/w960\.webp/.test(request.url ?? ""));
    let caught: unknown = null;
    try {
      await uploadImage(editor, { bytes, filename: "refused.png", alt: "Refused" });
    } catch (error) {
      caught = error;
    } finally {
      server.refuse(null);
    }
    expect(isAppError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/could not be stored/i);
    expect(await db.media.count({ where: { uploadedById: editor.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: editor.id, action: "media.upload" } })).toBe(0);
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
    const rows = new Set((await db.media.findMany({ select: { id: true } })).map((row) => row.id));
    expect((listed.Contents ?? []).map((object) => object.Key!.split("/")[0]).filter((id) => !rows.has(id!) && id !== undefined)).toEqual([]);

    // Once the bucket takes files again, the same picture goes in.
    const item = await uploadImage(editor, { bytes, filename: "refused.png", alt: "Refused" });
    expect(await keysOf(item.id)).toHaveLength(4);
  });

  it("sends readers to the bucket's public address when MEDIA_PUBLIC_BASE_URL is set", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(1200, 800), filename: "public.png", alt: "Public" });
    process.env.MEDIA_PUBLIC_BASE_URL = "https://media.example.org/newsroom/";
    reloadEnv();
    try {
      const row = await db.media.findUniqueOrThrow({ where: { id: item.id } });
      const w480 = parseStoredVariants(row.variants).find((variant) => variant.width === 480)!;
      expect(await openMediaFile(item.id, 480)).toEqual({ kind: "redirect", url: `https://media.example.org/newsroom/${w480.key}`, current: true });
      expect(await openMediaFile(item.id, "full", 3)).toEqual({ kind: "redirect", url: `https://media.example.org/newsroom/${item.id}/original.png`, current: false });
    } finally {
      delete process.env.MEDIA_PUBLIC_BASE_URL;
      reloadEnv();
    }
  });
});
