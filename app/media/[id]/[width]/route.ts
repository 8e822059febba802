// Image files for readers: /media/<id>/<480|960|1600|original|full>?v=<version>. Public and
// cacheable forever when the URL names the image's current version (a crop change makes a new
// version, so the bytes behind such a URL never change); an older or missing version gets today's
// picture with a short cache. Served with headers that stop a browser from treating them as
// anything but an image.

import { readMediaFile } from "@/lib/media/queries";
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
  const file = await readMediaFile(id, requested, version);
  if (!file) return notFound();
  return new Response(file.bytes.slice(), {
    status: 200,
    headers: {
      ...SAFETY_HEADERS,
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": file.current ? "public, max-age=31536000, immutable" : "public, max-age=60",
    },
  });
}
