"use server";

import { revalidatePath } from "next/cache";

import { runAction } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import { formText, textValue } from "@/lib/http/values";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { suspendPerson } from "@/lib/people/mutations";
import { SUSPENSION_CHOICES } from "@/lib/people/suspension-choices";
import { CHOOSE_DECISION, closeStoryComments, DECISION_PAST_TENSE, moderateComments, MODERATION_DECISIONS, type ModerationDecision } from "@/lib/moderation/mutations";

export type ModerationFormState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string; commentId?: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; commentId: string | null; reason: string; suspend?: boolean };

function isDecision(value: string): value is ModerationDecision {
  return (MODERATION_DECISIONS as readonly string[]).includes(value);
}

// A public endpoint: moderateComments and closeStoryComments check who is asking and validate what
// they are given. One form holds the whole queue, so the button that was pressed says what to do:
// "approve:<id>", "reject:<id>", "spam:<id>", "bulk:<decision>" (the ticked comments),
// "close:<story id>" or "suspend:<comment id>" (its author; suspendPerson checks people.suspend). It takes the form itself, so it works without JavaScript.
export async function moderateAction(previous: ModerationFormState, form: FormData): Promise<ModerationFormState> {
  const attempt = previous.attempt + 1;
  const [verb = "", target = ""] = formText(form, "intent").split(":", 2);
  const refuse = (message: string, fieldErrors: FieldErrors = {}, commentId: string | null = null, reason = ""): ModerationFormState => ({
    status: "refused",
    attempt,
    message,
    fieldErrors,
    commentId,
    reason,
  });

  if (verb === "suspend") {
    // "suspend:<comment id>": its author, for the length and reason given beside that comment.
    const reason = formText(form, `suspend-reason:${target}`);
    const hours = Number(formText(form, `suspend-duration:${target}`));
    const until = SUSPENSION_CHOICES.some((choice) => choice.hours === hours) ? new Date(Date.now() + hours * 3_600_000) : "";
    const userId = formText(form, `suspend-author:${target}`);
    const result = await runAction((actor) => suspendPerson(actor, { userId, until, reason }));
    if (!result.ok) return { ...refuse(result.message, suspendFieldErrors(result.fieldErrors), target, reason), suspend: true } as ModerationFormState;
    revalidatePath("/desk/moderation");
    const person = result.data;
    return {
      status: "done",
      attempt,
      commentId: target,
      message: `${person.displayName} is suspended until ${person.suspendedUntil ? formatDateTime(person.suspendedUntil, await newsroomDateStyle()) : "further notice"}. They are told why.`,
    };
  }

  if (verb === "close") {
    const result = await runAction((actor) => closeStoryComments(actor, target));
    if (!result.ok) return refuse(result.message);
    revalidatePath("/desk/moderation");
    return {
      status: "done",
      attempt,
      message: result.data.changed ? "Comments closed on this story. Readers can no longer add any." : "Comments on this story were already closed.",
    };
  }

  let ids: string[];
  let decision: string;
  let reason: string;
  let commentId: string | null = null;
  if (verb === "bulk") {
    decision = target;
    ids = form.getAll("ids").map((id) => textValue(id) ?? "").filter(Boolean);
    reason = formText(form, "bulk-reason");
    if (ids.length === 0) return refuse("Select at least one comment first.");
  } else {
    decision = verb;
    commentId = target;
    ids = [target];
    reason = formText(form, `reason:${target}`);
  }
  if (!isDecision(decision)) return refuse(CHOOSE_DECISION);

  const result = await runAction((actor) => moderateComments(actor, { ids, decision, reason: decision === "reject" ? reason : undefined }));
  if (!result.ok) return refuse(result.message, result.fieldErrors ?? {}, commentId, reason);
  revalidatePath("/desk/moderation");
  const { count } = result.data;
  return { status: "done", attempt, message: decisionMessage(decision, count) };
}

/** The suspension's field errors under the names the queue's suspend fields answer to. */
function suspendFieldErrors(fieldErrors: FieldErrors | undefined): FieldErrors {
  if (!fieldErrors) return {};
  return { ...(fieldErrors.reason ? { suspendReason: fieldErrors.reason } : {}), ...(fieldErrors.until ? { suspendDuration: fieldErrors.until } : {}) };
}

function decisionMessage(decision: ModerationDecision, count: number): string {
  const one = count === 1;
  const what = one ? "Comment" : `${count} comments`;
  const after =
    decision === "approve"
      ? one ? " Readers can see it on the story." : " Readers can see them on their stories."
      : decision === "reject"
        ? one ? " Its author sees the reason." : " Their authors see the reason."
        : "";
  return `${what} ${DECISION_PAST_TENSE[decision]}.${after}`;
}
