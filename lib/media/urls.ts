// The public address of every stored image: /media/<id>/<width>. The story renderer builds its
// src and srcset from here, and the route that serves them picks the file with the same rule.

/** The responsive widths made for every upload (never wider than the image itself). */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;
export type VariantWidth = (typeof VARIANT_WIDTHS)[number];
/** "original": full resolution, cropped; "full": the picture as uploaded, uncropped (what the crop is cut from). */
export type MediaWidth = VariantWidth | "original" | "full";

export interface MediaVariantRef {
  width: number;
}

/**
 * The URL of one size. `version` goes up whenever the image's crop changes, so a changed picture
 * has new URLs and no cache serves the old one; the first version keeps the plain URL.
 */
export function mediaUrl(id: string, width: MediaWidth, version = 1): string {
  const base = `/media/${encodeURIComponent(id)}/${width}`;
  return version > 1 ? `${base}?v=${version}` : base;
}

/** The version a URL's ?v= names (1 when it has none), or null when it is no version at all. */
export function parseMediaVersion(value: string | null): number | null {
  if (value === null || value === "") return 1;
  return /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

/** The width segment of a media URL, or null when it is not one we serve. */
export function parseMediaWidth(segment: string): MediaWidth | null {
  if (segment === "original" || segment === "full") return segment;
  const width = VARIANT_WIDTHS.find((standard) => String(standard) === segment);
  return width ?? null;
}

/**
 * The widths to make for an image `width` pixels wide: every standard width narrower than it,
 * plus its own width when it is narrower than the widest standard one. Never upscaled.
 */
export function variantWidthsFor(width: number): number[] {
  if (!Number.isInteger(width) || width <= 0) return [];
  const widest = Math.max(...VARIANT_WIDTHS);
  const largest = Math.min(width, widest);
  return [...VARIANT_WIDTHS.filter((standard) => standard < largest), largest];
}

/** Which stored variant answers a request for `requested`: the widest not wider than it, else the narrowest. */
export function pickVariant<T extends MediaVariantRef>(variants: readonly T[], requested: VariantWidth): T | null {
  const sorted = [...variants].sort((a, b) => a.width - b.width);
  let chosen: T | null = sorted[0] ?? null;
  for (const variant of sorted) if (variant.width <= requested) chosen = variant;
  return chosen;
}

/** Each stored variant with the URL that serves it (the narrowest standard width that reaches it). */
export function variantUrls(id: string, variants: readonly MediaVariantRef[], version = 1): Array<{ width: number; url: string }> {
  const seen = new Map<number, { width: number; url: string }>();
  for (const requested of VARIANT_WIDTHS) {
    const served = pickVariant(variants, requested);
    if (served && !seen.has(served.width)) seen.set(served.width, { width: served.width, url: mediaUrl(id, requested, version) });
  }
  return [...seen.values()].sort((a, b) => a.width - b.width);
}

/** A srcset value for an image's stored variants: "/media/<id>/480 480w, /media/<id>/960 700w". */
export function mediaSrcSet(id: string, variants: readonly MediaVariantRef[], version = 1): string {
  return variantUrls(id, variants, version)
    .map((variant) => `${variant.url} ${variant.width}w`)
    .join(", ");
}
