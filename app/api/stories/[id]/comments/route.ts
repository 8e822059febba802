// POST /api/stories/<id>/comments under Next (lib/comments/post-endpoint.ts says what it answers;
// scripts/serve.mjs answers the same endpoint before Next does, with the same function).

import { answerCommentPost, MAX_BODY_BYTES } from "@/lib/comments/post-endpoint";

/** The body as text, or null once it passes the limit (the rest is not read). */
async function readLimited(request: Request): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length).toString("utf8");
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const answer = await answerCommentPost(id, { headers: request.headers, readBody: () => readLimited(request) });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
