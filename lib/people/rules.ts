// Who may lose admin rights: never the admin making the change (ask another admin), never the
// last admin who is not banned. Suspending takes no rights away from an admin, so only the first
// rule applies to it. Pure, so the last-admin rule is tested without emptying a shared database.

import { AppError } from "@/lib/errors";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";

export interface LockedPerson {
  id: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  /** Every admin who is not banned (the person included, if they are one). */
  adminIds: string[];
}

export type PeopleChange = "demote" | "ban" | "suspend";

export function assertAdminsRemain(admin: { id: string }, person: LockedPerson, change: PeopleChange): void {
  if (person.id === admin.id) {
    const verb = change === "demote" ? "change your own role" : change === "ban" ? "ban yourself" : "suspend yourself";
    throw new AppError("FORBIDDEN", `You cannot ${verb}. Ask another admin.`);
  }
  if (change === "suspend") return;
  if (person.role === "ADMIN" && person.status !== "BANNED" && !person.adminIds.some((id) => id !== person.id)) {
    throw new AppError("CONFLICT", `${person.displayName} is the last admin: make someone else an admin first.`);
  }
}
