import type { Metadata } from "next";

import { SignInSettingsForm } from "@/components/auth/sign-in-settings-form";
import { EmailConfirmationSetting } from "@/components/desk/email-confirmation-setting";
import { LiveRefresh } from "@/components/desk/live-refresh";
import { ReaderFillForm } from "@/components/desk/reader-fill-form";
import { SiteSettingsForm } from "@/components/desk/site-settings-form";
import { TimeZoneSettingsForm } from "@/components/desk/time-zone-settings-form";
import { CommentSettingsForm } from "@/components/moderation/comment-settings-form";
import { SectionCommentRulesForm } from "@/components/moderation/section-comment-rules-form";
import { requirePagePermission } from "@/lib/auth/session";
import { getAuthSettings } from "@/lib/auth/settings";
import { getReaderFillStatus } from "@/lib/cache/fill";
import { describeFillProgress, describeWriteThrough } from "@/lib/cache/fill-status";
import { getCommentSettings, MAX_WORDS, REPORTS_TO_HOLD_MAX, REPORTS_TO_HOLD_MIN } from "@/lib/comments/settings";
import { listSectionCommentRules, MAX_CLOSE_AFTER_DAYS } from "@/lib/sections/mutations";
import { toFormValues } from "@/lib/settings/schemas";
import { getSiteSettingsForDesk } from "@/lib/settings/site";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { listTimeZones } from "@/lib/time-zone-format";
import { AdminTabs } from "@/components/desk/admin-tabs";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const admin = await requirePagePermission("settings.manage", "/desk/settings");
  const [site, settings, sections, signIn, timeZone, fill] = await Promise.all([
    getSiteSettingsForDesk(admin),
    getCommentSettings(admin),
    listSectionCommentRules(admin),
    getAuthSettings(admin),
    getNewsroomTimeZone(),
    getReaderFillStatus(admin),
  ]);
  const filling = fill.started && !fill.finishedAt;
  return (
    <>
      <AdminTabs current="Settings" />
      <h1 className="font-serif text-3xl font-bold">Settings</h1>
      <section aria-labelledby="site-heading">
        <h2 id="site-heading" className="mt-4 text-xl font-semibold">
          Site
        </h2>
        <SiteSettingsForm current={toFormValues(site.stored)} images={site.images} />
      </section>
      <h2 className="mt-10 text-xl font-semibold">Sign-in</h2>
      <SignInSettingsForm requireTwoFactorForAdmins={signIn.requireTwoFactorForAdmins} />
      <EmailConfirmationSetting admin={admin} />
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
      <section aria-labelledby="reader-pages-heading">
        <h2 id="reader-pages-heading" className="mt-10 text-xl font-semibold">
          Reader pages
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-[var(--muted)]">
          Every reader page is rendered once and then served from the cache. After a deploy or an import, the pages nobody has read yet
          are rendered in the background, newest stories first, pausing while readers are being served.
        </p>
        <p className="mt-3 max-w-2xl font-semibold" data-testid="reader-fill-progress">
          {describeFillProgress({ ...fill, finished: fill.finishedAt !== null })}
        </p>
        <p className="mt-1 max-w-2xl text-sm">{describeWriteThrough(fill.writtenThroughLastHour)}</p>
        <ReaderFillForm />
        {filling ? <LiveRefresh intervalMs={5000} /> : null}
      </section>
    </>
  );
}
