// Who is asking. The session cookie only names a user and their session; everything that decides
// what they may do (role, status, whether the session still stands) is read fresh from the
// database, once per request. The cookie is read directly (lib/auth/session-token.ts), not through
// next-auth's auth(), which re-encrypts a renewed token on every call.

import "server-only";

import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { loadSessionActor, mayUse, type Actor } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/roles";
import { sessionClaimsIn } from "@/lib/auth/session-token";

export { assertCan, loadActor, type Actor } from "@/lib/auth/actor";

/** Where an admin who must turn on two-factor sign-in is sent instead of the desk. */
export const ENROL_TWO_FACTOR_PATH = "/account?twoFactor=required#security";

/** The signed-in, not banned person making this request on a session that still stands, or null. Cached for the request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const claims = sessionClaimsIn((name) => jar.get(name)?.value);
  return claims ? loadSessionActor(claims) : null;
});

/**
 * For pages: send anonymous visitors to sign in, an admin who owes two-factor enrolment to enrol,
 * and answer 403 to people without the right.
 */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor.role, permission)) forbidden();
  if (!mayUse(actor, permission)) redirect(ENROL_TWO_FACTOR_PATH);
  return actor;
}
