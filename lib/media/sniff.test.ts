import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { sniffImageType } from "@/lib/media/sniff";

const text = (value: string) => new TextEncoder().encode(value);
const bytes = (...values: number[]) => Uint8Array.from(values);

async function solid(format: "jpeg" | "png" | "webp" | "gif" | "tiff" | "avif", lossless = false): Promise<Uint8Array> {
  const image = sharp({ create: { width: 8, height: 8, channels: 3, background: "#2a6" } });
  const encoded = format === "webp" ? image.webp({ lossless }) : image.toFormat(format);
  return new Uint8Array(await encoded.toBuffer());
}

describe("sniffImageType", () => {
  it("recognises real JPEG, PNG and WebP files by their signatures", async () => {
    expect(sniffImageType(await solid("jpeg"))).toBe("image/jpeg");
    expect(sniffImageType(await solid("png"))).toBe("image/png");
    expect(sniffImageType(await solid("webp"))).toBe("image/webp"); // lossy: VP8
    expect(sniffImageType(await solid("webp", true))).toBe("image/webp"); // lossless: VP8L
  });

  it("recognises an extended WebP (VP8X) header", () => {
    const header = Uint8Array.from([...text("RIFF"), 0x1a, 0, 0, 0, ...text("WEBPVP8X"), 10, 0, 0, 0]);
    expect(sniffImageType(header)).toBe("image/webp");
  });

  it("goes by the bytes, not the name: a PNG renamed photo.jpg is still a PNG", async () => {
    const file = new File([(await solid("png")) as BlobPart], "photo.jpg", { type: "image/jpeg" });
    expect(sniffImageType(new Uint8Array(await file.arrayBuffer()))).toBe("image/png");
  });

  it("refuses other image formats", async () => {
    expect(sniffImageType(await solid("gif"))).toBeNull();
    expect(sniffImageType(await solid("tiff"))).toBeNull();
    expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImageType(text("BM6\u0000\u0000\u0000"))).toBeNull(); // BMP
  });

  it("refuses documents, pages, text and nothing at all", () => {
    expect(sniffImageType(text("%PDF-1.7\n%âãÏÓ\n1 0 obj"))).toBeNull();
    expect(sniffImageType(text("<!doctype html><html><body><img src=x onerror=alert(1)></body></html>"))).toBeNull();
    expect(sniffImageType(text("This is not a photo, just a text file named photo.jpg"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it("refuses a RIFF file that is not WebP (a WAV sound)", () => {
    expect(sniffImageType(Uint8Array.from([...text("RIFF"), 0x24, 0, 0, 0, ...text("WAVEfmt ")]))).toBeNull();
  });

  it("refuses headers cut short", async () => {
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull();
    const png = await solid("png");
    expect(sniffImageType(png.subarray(0, 8))).toBeNull(); // signature without its IHDR chunk
    expect(sniffImageType(png.subarray(0, 16))).toBe("image/png");
    expect(sniffImageType(text("RIFF\u0000\u0000\u0000\u0000WEBP"))).toBeNull(); // no bitstream chunk
    expect(sniffImageType(text("RIFF\u0000\u0000\u0000\u0000WEB"))).toBeNull();
  });

  it("does not accept an image signature somewhere other than the start", async () => {
    const png = await solid("png");
    expect(sniffImageType(Uint8Array.from([...text("GIF89a"), ...png]))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0x20, ...png]))).toBeNull();
  });
});
