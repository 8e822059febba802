"use server";

import { revalidatePath } from "next/cache";

import { runAction } from "@/lib/actions/safe-action";
import { updateAuthSettings } from "@/lib/auth/settings";
import { restartReaderFill } from "@/lib/cache/fill";
import { FILL_STARTED_AGAIN } from "@/lib/cache/sentences";
import { updateCommentSettings } from "@/lib/comments/settings";
import { formText } from "@/lib/http/values";
import { updateSectionCommentRules } from "@/lib/sections/mutations";
import { SOCIAL_SERVICES, toFormValues } from "@/lib/settings/schemas";
import { SITE_SETTINGS_SAVED } from "@/lib/settings/sentences";
import { updateSiteSettings } from "@/lib/settings/site";
import { updateNewsroomTimeZone } from "@/lib/time-zone";
import type { FieldErrors } from "@/lib/errors";

export interface SettingsValues {
  bannedWords: string;
  suspectWords: string;
  holdFirstComment: boolean;
  reportsToHold: string;
}

export type SettingsFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: SettingsValues };

// A public endpoint: updateCommentSettings checks the caller is an admin and validates the lists.
export async function saveCommentSettingsAction(previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const attempt = previous.attempt + 1;
  const values: SettingsValues = {
    bannedWords: formText(form, "bannedWords"),
    suspectWords: formText(form, "suspectWords"),
    // An unticked box sends nothing: that means "no", not "leave it as it is".
    holdFirstComment: form.get("holdFirstComment") === "on",
    reportsToHold: formText(form, "reportsToHold"),
  };
  const result = await runAction((actor) => updateCommentSettings(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/settings");
  return { status: "saved", attempt, message: "Comment settings saved. New comments follow them from now on." };
}

export interface SectionRulesValues {
  sectionId: string;
  commentPolicy: string;
  closeAfterDays: string;
}

export type SectionRulesFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: SectionRulesValues };

// A public endpoint: updateSectionCommentRules checks the caller is an admin and validates the rules.
export async function saveSectionCommentRulesAction(previous: SectionRulesFormState, form: FormData): Promise<SectionRulesFormState> {
  const attempt = previous.attempt + 1;
  const values: SectionRulesValues = {
    sectionId: formText(form, "sectionId"),
    commentPolicy: formText(form, "commentPolicy"),
    closeAfterDays: formText(form, "closeAfterDays"),
  };
  const result = await runAction((actor) => updateSectionCommentRules(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk/settings");
  const days = result.data.commentsCloseAfterDays;
  return {
    status: "saved",
    attempt,
    message: `${result.data.name}: saved. ${days === null ? "Comments stay open until someone closes them." : `Comments close ${days} day${days === 1 ? "" : "s"} after publication.`}`,
  };
}

export type SignInSettingsFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; requireTwoFactorForAdmins: boolean };

// A public endpoint: updateAuthSettings checks the caller is an admin (with two-factor sign-in, to turn it on).
export async function saveSignInSettingsAction(previous: SignInSettingsFormState, form: FormData): Promise<SignInSettingsFormState> {
  const attempt = previous.attempt + 1;
  // An unticked box sends nothing: that means "no".
  const requireTwoFactorForAdmins = form.get("requireTwoFactorForAdmins") === "on";
  const result = await runAction((actor) => updateAuthSettings(actor, { requireTwoFactorForAdmins }));
  if (!result.ok) return { status: "refused", attempt, message: result.message, requireTwoFactorForAdmins };
  revalidatePath("/desk/settings");
  return {
    status: "saved",
    attempt,
    message: result.data.requireTwoFactorForAdmins
      ? "Sign-in settings saved. Admins without two-factor sign-in must set it up before they can use the desk."
      : "Sign-in settings saved. Two-factor sign-in is up to each admin.",
  };
}

export type TimeZoneFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string; timeZone: string }
  | { status: "refused"; attempt: number; message: string; timeZone: string };

// A public endpoint: updateNewsroomTimeZone checks the caller is an admin and validates the zone.
export async function saveNewsroomTimeZoneAction(previous: TimeZoneFormState, form: FormData): Promise<TimeZoneFormState> {
  const attempt = previous.attempt + 1;
  const timeZone = formText(form, "timeZone");
  const result = await runAction((actor) => updateNewsroomTimeZone(actor, { timeZone }));
  if (!result.ok) return { status: "refused", attempt, message: result.message, timeZone };
  revalidatePath("/desk", "layout");
  return { status: "saved", attempt, message: `Time zone saved: the desk schedules and shows times in ${result.data}.`, timeZone: result.data };
}

export type ReaderFillFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string };

// A public endpoint: restartReaderFill checks the caller is an admin.
export async function renderAllAgainAction(previous: ReaderFillFormState): Promise<ReaderFillFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => restartReaderFill(actor));
  if (!result.ok) return { status: "refused", attempt, message: result.message };
  revalidatePath("/desk/settings");
  return { status: "saved", attempt, message: FILL_STARTED_AGAIN };
}

/** The site settings form's fields as sent: name, description, locale, the images' ids, the organisation, social_<service>. */
export type SiteSettingsValues = Record<string, string>;

export type SiteSettingsFormState =
  | { status: "idle"; attempt: number }
  | { status: "saved"; attempt: number; message: string; values: SiteSettingsValues }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors; values: SiteSettingsValues };

const SITE_SETTINGS_FIELDS = [
  "name",
  "description",
  "locale",
  "logoMediaId",
  "faviconMediaId",
  "organizationName",
  "organizationUrl",
  "organizationLogoMediaId",
  ...SOCIAL_SERVICES.map((service) => `social_${service.id}`),
];

// A public endpoint: updateSiteSettings checks the caller is an admin and validates every field.
export async function saveSiteSettingsAction(previous: SiteSettingsFormState, form: FormData): Promise<SiteSettingsFormState> {
  const attempt = previous.attempt + 1;
  const values: SiteSettingsValues = Object.fromEntries(SITE_SETTINGS_FIELDS.map((field) => [field, formText(form, field)]));
  const result = await runAction((actor) => updateSiteSettings(actor, values));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {}, values };
  revalidatePath("/desk", "layout");
  return { status: "saved", attempt, message: SITE_SETTINGS_SAVED, values: toFormValues(result.data) };
}
