// GET /api/content/v1/tags (docs/api.md).

import { answerTags } from "@/lib/content-api/handlers";

export function GET(request: Request): Promise<Response> {
  return answerTags(request);
}
