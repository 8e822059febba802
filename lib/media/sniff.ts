// What a file is, decided from its first bytes and never from its name or the browser's claim:
// only JPEG, PNG and WebP get through, and a header cut short is no image at all.

export type ImageMime = "image/jpeg" | "image/png" | "image/webp";

export const IMAGE_EXTENSIONS: Record<ImageMime, "jpg" | "png" | "webp"> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

/** The image type the bytes really are (JPEG, PNG or WebP), or null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageMime | null {
  // JPEG: start-of-image marker followed by the next marker's 0xFF.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // PNG: the fixed eight-byte signature, then the IHDR chunk that must come first.
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, ascii("IHDR"), 12)) return "image/png";
  // WebP: a RIFF container of form type WEBP whose first chunk is one of the three WebP bitstreams.
  if (
    startsWith(bytes, ascii("RIFF")) &&
    startsWith(bytes, ascii("WEBP"), 8) &&
    (startsWith(bytes, ascii("VP8 "), 12) || startsWith(bytes, ascii("VP8L"), 12) || startsWith(bytes, ascii("VP8X"), 12))
  ) {
    return "image/webp";
  }
  return null;
}
