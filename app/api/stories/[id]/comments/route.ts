// POST /api/stories/<id>/comments under Next (lib/comments/post-endpoint.ts says what it answers;
// scripts/serve.mjs answers the same endpoint before Next does, with the same function).

import { answerCommentPost, MAX_BODY_BYTES } from "@/lib/comments/post-endpoint";
import { readBodyUpTo } from "@/lib/http/request-guards";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const answer = await answerCommentPost(id, {
    headers: request.headers,
    readBody: async () => {
      const body = await readBodyUpTo(request, MAX_BODY_BYTES);
      return body === null ? null : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
    },
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
