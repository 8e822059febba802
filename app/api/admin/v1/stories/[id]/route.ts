// GET and PUT /api/admin/v1/stories/{id} (docs/api.md): read a story (drafts too) with its
// version, and save it based on that version.

import { answerGetStory, answerSaveStory } from "@/lib/admin-api/handlers";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return answerGetStory(request, id);
}

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return answerSaveStory(request, id);
}
