// POST /api/admin/v1/media (docs/api.md): upload an image to the media library.

import { answerUploadMedia } from "@/lib/admin-api/handlers";

export function POST(request: Request): Promise<Response> {
  return answerUploadMedia(request);
}
