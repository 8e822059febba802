// Image files for readers: /media/<id>/<480|960|1600|original>. Public and cacheable forever,
// since the bytes behind a URL never change; served with headers that stop a browser from
// treating them as anything but an image.

import { readMediaFile } from "@/lib/media/queries";
import { parseMediaWidth } from "@/lib/media/urls";

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

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; width: string }> }): Promise<Response> {
  const { id, width } = await params;
  const requested = parseMediaWidth(width);
  if (!requested) return notFound();
  const file = await readMediaFile(id, requested);
  if (!file) return notFound();
  return new Response(file.bytes.slice(), {
    status: 200,
    headers: {
      ...SAFETY_HEADERS,
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
