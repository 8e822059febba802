import type { Metadata } from "next";

import { CommentSettingsForm } from "@/components/moderation/comment-settings-form";
import { requirePagePermission } from "@/lib/auth/session";
import { getCommentSettings, MAX_WORDS, REPORTS_TO_HOLD_MAX, REPORTS_TO_HOLD_MIN } from "@/lib/comments/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePagePermission("settings.manage", "/desk/settings");
  const settings = await getCommentSettings();
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Settings</h1>
      <h2 className="mt-4 text-xl font-semibold">Comments</h2>
      <CommentSettingsForm
        current={{
          bannedWords: settings.bannedWords.join("\n"),
          suspectWords: settings.suspectWords.join("\n"),
          holdFirstComment: settings.holdFirstComment,
          reportsToHold: String(settings.reportsToHold),
        }}
        limits={{ maxWords: MAX_WORDS, minReports: REPORTS_TO_HOLD_MIN, maxReports: REPORTS_TO_HOLD_MAX }}
      />
    </>
  );
}
