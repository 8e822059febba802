// POST /api/wire/v1/items: one agency item in (docs/wire.md); lib/wire/endpoint.ts does the work.

import { handleWireIngest } from "@/lib/wire/endpoint";

export function POST(request: Request): Promise<Response> {
  return handleWireIngest(request);
}
