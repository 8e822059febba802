import { describe, expect, it } from "vitest";

import { mediaSrcSet, mediaUrl, parseMediaWidth, pickVariant, variantUrls, variantWidthsFor } from "@/lib/media/urls";

const ID = "3f2b6c1e-8d4a-4c7b-9e2f-1a2b3c4d5e6f";
const sizes = (...widths: number[]) => widths.map((width) => ({ width }));

describe("variantWidthsFor", () => {
  it("makes every standard width for a wide picture", () => {
    expect(variantWidthsFor(4000)).toEqual([480, 960, 1600]);
    expect(variantWidthsFor(1600)).toEqual([480, 960, 1600]);
  });

  it("never upscales: a narrower picture gets the smaller widths and its own", () => {
    expect(variantWidthsFor(700)).toEqual([480, 700]);
    expect(variantWidthsFor(960)).toEqual([480, 960]);
    expect(variantWidthsFor(1200)).toEqual([480, 960, 1200]);
    expect(variantWidthsFor(480)).toEqual([480]);
    expect(variantWidthsFor(120)).toEqual([120]);
  });

  it("makes nothing for a width that is no width", () => {
    expect(variantWidthsFor(0)).toEqual([]);
    expect(variantWidthsFor(Number.NaN)).toEqual([]);
  });
});

describe("media URLs", () => {
  it("are /media/<id>/<width>", () => {
    expect(mediaUrl(ID, 480)).toBe(`/media/${ID}/480`);
    expect(mediaUrl(ID, "original")).toBe(`/media/${ID}/original`);
  });

  it("accept only the standard widths and original", () => {
    expect(parseMediaWidth("480")).toBe(480);
    expect(parseMediaWidth("1600")).toBe(1600);
    expect(parseMediaWidth("original")).toBe("original");
    for (const bad of ["700", "0480", "480px", "", "ORIGINAL", "-1", "1e3"]) expect(parseMediaWidth(bad)).toBeNull();
  });
});

describe("pickVariant", () => {
  it("serves the widest variant not wider than asked, else the narrowest", () => {
    expect(pickVariant(sizes(480, 960, 1600), 960)?.width).toBe(960);
    expect(pickVariant(sizes(480, 700), 960)?.width).toBe(700);
    expect(pickVariant(sizes(480, 700), 1600)?.width).toBe(700);
    expect(pickVariant(sizes(300), 480)?.width).toBe(300);
    expect(pickVariant(sizes(700, 480), 480)?.width).toBe(480);
    expect(pickVariant([], 480)).toBeNull();
  });
});

describe("mediaSrcSet", () => {
  it("lists each variant once, at the URL that serves it, with its real width", () => {
    expect(mediaSrcSet(ID, sizes(480, 960, 1600))).toBe(`/media/${ID}/480 480w, /media/${ID}/960 960w, /media/${ID}/1600 1600w`);
    expect(mediaSrcSet(ID, sizes(700, 480))).toBe(`/media/${ID}/480 480w, /media/${ID}/960 700w`);
    expect(mediaSrcSet(ID, sizes(300))).toBe(`/media/${ID}/480 300w`);
    expect(mediaSrcSet(ID, [])).toBe("");
  });

  it("agrees with what the route serves for each URL", () => {
    const variants = sizes(480, 960, 1200);
    for (const entry of variantUrls(ID, variants)) {
      const requested = parseMediaWidth(entry.url.split("/").pop() ?? "");
      expect(requested).not.toBeNull();
      expect(requested).not.toBe("original");
      expect(pickVariant(variants, requested as 480 | 960 | 1600)?.width).toBe(entry.width);
    }
  });
});
