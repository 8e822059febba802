import type { Metadata } from "next";

import { SignInSettingsForm } from "@/components/auth/sign-in-settings-form";
import { TimeZoneSettingsForm } from "@/components/desk/time-zone-settings-form";
import { CommentSettingsForm } from "@/components/moderation/comment-settings-form";
import { SectionCommentRulesForm } from "@/components/moderation/section-comment-rules-form";
import { requirePagePermission } from "@/lib/auth/session";
import { getAuthSettings } from "@/lib/auth/settings";
import { getCommentSettings, MAX_WORDS, REPORTS_TO_HOLD_MAX, REPORTS_TO_HOLD_MIN } from "@/lib/comments/settings";
import { listSectionCommentRules, MAX_CLOSE_AFTER_DAYS } from "@/lib/sections/mutations";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { listTimeZones } from "@/lib/time-zone-format";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const admin = await requirePagePermission("settings.manage", "/desk/settings");
  const [settings, sections, signIn, timeZone] = await Promise.all([
    getCommentSettings(admin),
    listSectionCommentRules(admin),
    getAuthSettings(admin),
    getNewsroomTimeZone(),
  ]);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Settings</h1>
      <h2 className="mt-4 text-xl font-semibold">Sign-in</h2>
      <SignInSettingsForm requireTwoFactorForAdmins={signIn.requireTwoFactorForAdmins} />
      <h2 className="mt-10 text-xl font-semibold">Newsroom time zone</h2>
      <TimeZoneSettingsForm timeZone={timeZone} zones={listTimeZones()} />
      <h2 className="mt-10 text-xl font-semibold">Comments</h2>
      <CommentSettingsForm
        current={{
          bannedWords: settings.bannedWords.join("\n"),
          suspectWords: settings.suspectWords.join("\n"),
          holdFirstComment: settings.holdFirstComment,
          reportsToHold: String(settings.reportsToHold),
        }}
        limits={{ maxWords: MAX_WORDS, minReports: REPORTS_TO_HOLD_MIN, maxReports: REPORTS_TO_HOLD_MAX }}
      />
      <h2 className="mt-10 text-xl font-semibold">Comments by section</h2>
      <p className="mt-1 max-w-2xl text-sm text-[var(--muted)]">
        How a new story in each section takes comments (the desk can change it per story), and how many days after publication
        its comments close by themselves.
      </p>
      <div className="mt-4 max-w-3xl space-y-4">
        {sections.map((section) => (
          <SectionCommentRulesForm key={section.id} section={section} maxDays={MAX_CLOSE_AFTER_DAYS} />
        ))}
      </div>
    </>
  );
}
