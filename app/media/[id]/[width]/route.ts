// Image files for readers: /media/<id>/<480|960|1600|original|full>?v=<version>. Public and
// cacheable forever when the URL names the image's current version (a crop change makes a new
// version, so the bytes behind such a URL never change); an older or missing version gets today's
// picture with a short cache. Served with headers that stop a browser from treating them as
// anything but an image. Files are streamed from the store (the local disk or the S3 bucket); when
// the bucket's files are public (MEDIA_PUBLIC_BASE_URL), the answer sends the reader there.

import { openMediaFile } from "@/lib/media/queries";
import { parseMediaVersion, parseMediaWidth } from "@/lib/media/urls";

const SAFETY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'",
} as const;

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { ...SAFETY_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string; width: string }> }): Promise<Response> {
  const { id, width } = await params;
  const requested = parseMediaWidth(width);
  const version = parseMediaVersion(new URL(request.url).searchParams.get("v"));
  if (!requested || version === null) return notFound();
  const file = await openMediaFile(id, requested, version);
  if (!file) return notFound();
  const cacheControl = file.current ? "public, max-age=31536000, immutable" : "public, max-age=60";
  if (file.kind === "redirect") {
    // The object at a key never changes; only the current version's redirect is kept for good.
    return new Response(null, { status: file.current ? 301 : 302, headers: { Location: file.url, "Cache-Control": cacheControl } });
  }
  return new Response(file.body instanceof Uint8Array ? file.body.slice() : file.body, {
    status: 200,
    headers: {
      ...SAFETY_HEADERS,
      "Content-Type": file.contentType,
      ...(file.size === null ? {} : { "Content-Length": String(file.size) }),
      "Cache-Control": cacheControl,
    },
  });
}
