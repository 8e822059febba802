// GET /api/content/v1/sections (docs/api.md).

import { answerSections } from "@/lib/content-api/handlers";

export function GET(request: Request): Promise<Response> {
  return answerSections(request);
}
