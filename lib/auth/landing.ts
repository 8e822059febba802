// Where each person lands after signing in when nothing asked for a particular page: their own
// work. Reporters on their drafts, editors on what waits for review, moderators on the moderation
// queue, admins on the whole story board; readers back on the page they came from, or the front
// page. An explicit, safe `callbackUrl` always wins (lib/actions/sign-in.ts).

import type { Role } from "@/lib/generated/prisma/enums";

/** The page that sends a freshly signed-in person on to `landingFor` their role. */
export const SIGNED_IN_PATH = "/signed-in";

const STAFF_LANDING: Record<Exclude<Role, "READER">, string> = {
  REPORTER: "/desk?view=mine",
  EDITOR: "/desk?view=review",
  MODERATOR: "/desk/moderation",
  ADMIN: "/desk",
};

/** Where `role` starts after signing in; `from` is a safe path on this site (or null). */
export function landingFor(role: Role, from: string | null): string {
  if (role === "READER") return from ?? "/";
  return STAFF_LANDING[role];
}

/** Where the sign-in form sends a successful sign-in that named no page: SIGNED_IN_PATH, carrying `from`. */
export function signedInPath(from: string | null): string {
  return from ? `${SIGNED_IN_PATH}?from=${encodeURIComponent(from)}` : SIGNED_IN_PATH;
}
