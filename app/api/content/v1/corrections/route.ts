// GET /api/content/v1/corrections (docs/api.md).

import { answerCorrections } from "@/lib/content-api/handlers";

export function GET(request: Request): Promise<Response> {
  return answerCorrections(request);
}
