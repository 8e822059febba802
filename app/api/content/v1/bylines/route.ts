// GET /api/content/v1/bylines (docs/api.md).

import { answerBylines } from "@/lib/content-api/handlers";

export function GET(request: Request): Promise<Response> {
  return answerBylines(request);
}
