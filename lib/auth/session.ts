// Who is asking. The session cookie only names a user; everything that decides what they may do
// (role, status) is read fresh from the database, once per request. The cookie is read directly
// (lib/auth/session-token.ts), not through next-auth's auth(), which re-encrypts a renewed token on
// every call.

import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { loadActor, type Actor } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/roles";
import { sessionUserIdIn } from "@/lib/auth/session-token";

export { assertCan, loadActor, type Actor } from "@/lib/auth/actor";

/** The signed-in, not banned person making this request, or null. Cached for the request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const id = sessionUserIdIn((name) => jar.get(name)?.value);
  return id ? loadActor(id) : null;
});

/** For pages: send anonymous visitors to sign in, and answer 403 to people without the right. */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor.role, permission)) forbidden();
  return actor;
}

