// POST /api/admin/v1/stories/{id}/status (docs/api.md): a workflow action, as the key's role allows.

import { answerStoryStatus } from "@/lib/admin-api/handlers";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return answerStoryStatus(request, id);
}
