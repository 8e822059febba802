// GET /api/content/v1/stories/{idOrSlug} (docs/api.md): one published story.

import { answerStory } from "@/lib/content-api/handlers";

export async function GET(request: Request, { params }: { params: Promise<{ idOrSlug: string }> }): Promise<Response> {
  const { idOrSlug } = await params;
  return answerStory(request, idOrSlug);
}
