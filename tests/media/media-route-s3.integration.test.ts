// What readers get at /media/<id>/<width> when the images live in an S3 bucket (s3rver on
// loopback): the file streamed by the app, or with MEDIA_PUBLIC_BASE_URL a redirect to its copy there.

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as serveMedia } from "@/app/media/[id]/[width]/route";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { uploadImage } from "@/lib/media/mutations";
import { parseStoredVariants } from "@/lib/media/queries";
import { startS3Server, type S3TestServer } from "@/scripts/lib/s3-server";
import { makeActor } from "@/tests/integration/factories";

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server();
  Object.assign(process.env, server.env);
  reloadEnv();
});

afterAll(async () => {
  for (const name of [...Object.keys(server.env), "MEDIA_PUBLIC_BASE_URL"]) delete process.env[name];
  reloadEnv();
  await server.close();
});

async function fetchMedia(id: string, width: string): Promise<Response> {
  return serveMedia(new Request(`http://localhost/media/${id}/${width}`), { params: Promise.resolve({ id, width }) });
}

async function upload() {
  const editor = await makeActor("EDITOR");
  const bytes = new Uint8Array(await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: Math.floor(Math.random() * 256), g: 90, b: 40 } } }).png().toBuffer());
  const item = await uploadImage(editor, { bytes, filename: "route.png", alt: "Route" });
  const variants = parseStoredVariants((await db.media.findUniqueOrThrow({ where: { id: item.id } })).variants);
  return { item, w480: variants.find((variant) => variant.width === 480)! };
}

describe("/media/<id>/<width> with the S3 store", () => {
  it("streams the size from the bucket, cacheable for a year", async () => {
    const { item, w480 } = await upload();
    const response = await fetchMedia(item.id, "480");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Number(response.headers.get("content-length"))).toBe(w480.bytes);
    expect(await sharp(new Uint8Array(await response.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 480 });
  });

  it("redirects to the public copy when MEDIA_PUBLIC_BASE_URL is set", async () => {
    const { item, w480 } = await upload();
    process.env.MEDIA_PUBLIC_BASE_URL = "https://cdn.example.org";
    reloadEnv();
    try {
      const response = await fetchMedia(item.id, "480");
      expect(response.status).toBe(301);
      expect(response.headers.get("location")).toBe(`https://cdn.example.org/${w480.key}`);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    } finally {
      delete process.env.MEDIA_PUBLIC_BASE_URL;
      reloadEnv();
    }
  });
});
