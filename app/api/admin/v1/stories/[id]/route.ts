// PUT /api/admin/v1/stories/{id} (docs/api.md): save a story based on the version given.

import { answerSaveStory } from "@/lib/admin-api/handlers";

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return answerSaveStory(request, id);
}
