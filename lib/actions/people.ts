"use server";

import { revalidatePath } from "next/cache";

import { runAction } from "@/lib/actions/safe-action";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { FieldErrors } from "@/lib/errors";
import { formatDateTime, type DateStyle } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { formText } from "@/lib/http/values";
import { CONFIRM_FIRST } from "@/lib/people/sentences";
import { SUSPENSION_CHOICES } from "@/lib/people/suspension-choices";
import { banPerson, changeRole, reinstatePerson, signOutPersonEverywhere, suspendPerson, type PersonState } from "@/lib/people/mutations";

export type PersonFormState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; reason: string };

// A public endpoint: the lib functions check that the caller is an admin and validate everything.
// The pressed button says which change: role, suspend, ban, reinstate, or signing out everywhere.
export async function personAction(previous: PersonFormState, form: FormData): Promise<PersonFormState> {
  const attempt = previous.attempt + 1;
  const userId = formText(form, "userId");
  const reason = formText(form, "reason");
  const intent = formText(form, "intent");

  if (intent === "signout") {
    const ended = await runAction((actor) => signOutPersonEverywhere(actor, { userId }));
    if (!ended.ok) return { status: "refused", attempt, message: ended.message, fieldErrors: ended.fieldErrors ?? {}, reason };
    const { displayName, ended: count } = ended.data;
    return {
      status: "done",
      attempt,
      message: count === 0 ? `${displayName} was not signed in anywhere.` : `${displayName} is signed out everywhere (${count} ${count === 1 ? "session" : "sessions"}).`,
    };
  }

  let run: (actor: Parameters<typeof changeRole>[0]) => Promise<PersonState>;
  let describe: (person: PersonState, dates: DateStyle) => string;
  // Promotion to admin and a ban are confirmed in a dialog first (components/people/person-panel.tsx):
  // a post without the confirmation, such as a click before the page was ready, changes nothing.
  const confirmed = formText(form, "confirmed") === "yes";
  if (!confirmed && (intent === "ban" || (intent === "role" && formText(form, "role") === "ADMIN"))) {
    return { status: "refused", attempt, message: CONFIRM_FIRST, fieldErrors: {}, reason };
  }

  if (intent === "role") {
    run = (actor) => changeRole(actor, { userId, role: formText(form, "role"), reason });
    describe = (p) => `${p.displayName} is now ${ROLE_LABELS[p.role].toLowerCase()}.`;
  } else if (intent === "suspend") {
    const hours = Number(formText(form, "duration"));
    const until = SUSPENSION_CHOICES.some((choice) => choice.hours === hours) ? new Date(Date.now() + hours * 3_600_000) : "";
    run = (actor) => suspendPerson(actor, { userId, until, reason });
    describe = (p, dates) => `${p.displayName} is suspended until ${p.suspendedUntil ? formatDateTime(p.suspendedUntil, dates) : "further notice"}. They are told why.`;
  } else if (intent === "ban") {
    run = (actor) => banPerson(actor, { userId, reason });
    describe = (p) => `${p.displayName} is banned and can no longer sign in. They are told why.`;
  } else if (intent === "reinstate") {
    run = (actor) => reinstatePerson(actor, { userId, reason });
    describe = (p) => `${p.displayName} is reinstated.`;
  } else {
    return { status: "refused", attempt, message: "Choose what to change.", fieldErrors: {}, reason };
  }

  const result = await runAction(run);
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, reason };
  revalidatePath("/desk/people");
  revalidatePath(`/desk/people/${result.data.id}`);
  return { status: "done", attempt, message: describe(result.data, await newsroomDateStyle()) };
}
