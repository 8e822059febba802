// Who is asking. The session cookie only names a user; everything that decides what they may do
// (role, status) is read fresh from the database, once per request.

import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { loadActor, type Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/auth";
import { can, type Permission } from "@/lib/auth/roles";

export { assertCan, loadActor, type Actor } from "@/lib/auth/actor";

/** The signed-in, not banned person making this request, or null. Cached for the request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? loadActor(id) : null;
});

/** For pages: send anonymous visitors to sign in, and answer 403 to people without the right. */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor.role, permission)) forbidden();
  return actor;
}

