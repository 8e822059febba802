// RFC 8058 one-click unsubscribe: the address in a notification's List-Unsubscribe header. A mail
// client POSTs `List-Unsubscribe=One-Click` here; the signed token in the query says whose mail
// and which kind (lib/email/notifications.ts). No cookie, no Origin check: the token is the proof,
// and the request comes from the mail provider, not a browser.

import { unsubscribe } from "@/lib/email/notifications";
import { isAppError } from "@/lib/errors";

export async function POST(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token");
  try {
    await unsubscribe(token);
  } catch (error) {
    if (isAppError(error)) return new Response(error.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    throw error;
  }
  return new Response("Unsubscribed.", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
