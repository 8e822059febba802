import { describe, expect, it } from "vitest";

import { cropAround, focalObjectPosition, mediaCropSchema } from "@/lib/media/schemas";
import { mediaUrl, parseMediaVersion, parseMediaWidth } from "@/lib/media/urls";

describe("cropAround", () => {
  it("takes the largest crop of the shape, centred on the focal point as far as the edges allow", () => {
    expect(cropAround(2000, 1000, 1, 0.5, 0.5)).toEqual({ x: 500, y: 0, width: 1000, height: 1000 });
    expect(cropAround(2000, 1000, 1, 0.1, 0.5)).toEqual({ x: 0, y: 0, width: 1000, height: 1000 });
    expect(cropAround(2000, 1000, 1, 0.95, 0.5)).toEqual({ x: 1000, y: 0, width: 1000, height: 1000 });
    expect(cropAround(1000, 2000, 16 / 9, 0.5, 0.2)).toEqual({ x: 0, y: 119, width: 1000, height: 563 });
  });
});

describe("focalObjectPosition", () => {
  it("places the focal point inside the crop, kept on the picture", () => {
    expect(focalObjectPosition({ width: 2000, height: 1000 }, null, { x: 0.25, y: 0.3 })).toBe("25% 30%");
    expect(focalObjectPosition({ width: 2000, height: 1000 }, { x: 0, y: 0, width: 1000, height: 1000 }, { x: 0.25, y: 0.5 })).toBe("50% 50%");
    expect(focalObjectPosition({ width: 2000, height: 1000 }, { x: 1000, y: 0, width: 1000, height: 1000 }, { x: 0.25, y: 0.5 })).toBe("0% 50%");
  });
});

describe("mediaCropSchema", () => {
  it("refuses a focal point that is no number or off the picture", () => {
    for (const focalX of ["", null, "left", Number.NaN, -0.1, 1.01, Number.POSITIVE_INFINITY]) {
      expect(mediaCropSchema.safeParse({ crop: null, focalX, focalY: 0.5 }).success).toBe(false);
    }
    expect(mediaCropSchema.parse({ crop: null, focalX: "0.25", focalY: 1 })).toMatchObject({ focalX: 0.25, focalY: 1 });
  });
  it("refuses a crop that is not whole pixels or has no size", () => {
    expect(mediaCropSchema.safeParse({ crop: { x: 0.5, y: 0, width: 10, height: 10 }, focalX: 0.5, focalY: 0.5 }).success).toBe(false);
    expect(mediaCropSchema.safeParse({ crop: { x: 0, y: 0, width: 0, height: 10 }, focalX: 0.5, focalY: 0.5 }).success).toBe(false);
    expect(mediaCropSchema.safeParse({ crop: { x: "a", y: 0, width: 10, height: 10 }, focalX: 0.5, focalY: 0.5 }).success).toBe(false);
  });
});

describe("versioned media URLs", () => {
  it("keep the plain URL for the first version and name later ones", () => {
    expect(mediaUrl("abc", 480)).toBe("/media/abc/480");
    expect(mediaUrl("abc", 480, 3)).toBe("/media/abc/480?v=3");
    expect(parseMediaVersion(null)).toBe(1);
    expect(parseMediaVersion("3")).toBe(3);
    expect(parseMediaVersion("0")).toBeNull();
    expect(parseMediaVersion("3x")).toBeNull();
    expect(parseMediaWidth("full")).toBe("full");
  });
});
