// GET /api/content/v1/stories (docs/api.md): published stories, filtered, a page at a time.

import { answerStoryList } from "@/lib/content-api/handlers";

export function GET(request: Request): Promise<Response> {
  return answerStoryList(request);
}
