// GET /api/content/v1/openapi.json: the OpenAPI 3.1 document of the Content and Admin APIs,
// generated from the zod schemas the handlers answer with. Public: it describes, it holds no data.

import { openApiDocument } from "@/lib/content-api/openapi";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
