// POST /api/admin/v1/stories (docs/api.md): a new draft, as the key's integration.

import { answerCreateStory } from "@/lib/admin-api/handlers";

export function POST(request: Request): Promise<Response> {
  return answerCreateStory(request);
}
