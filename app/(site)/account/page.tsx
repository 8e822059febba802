import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { DeleteAccountForm } from "@/components/auth/delete-account-form";
import { EmailPreferencesForm, ResendConfirmationForm } from "@/components/auth/email-forms";
import { mustConfirmEmail } from "@/lib/accounts/confirm-email";
import { CONFIRM_TO_COMMENT } from "@/lib/comments/sentences";
import { getEmailPreferences } from "@/lib/email/notifications";
import { SessionList } from "@/components/auth/session-list";
import { TwoFactorSection, type TwoFactorView } from "@/components/auth/two-factor-section";
import { Pagination } from "@/components/site/pagination";
import { listOwnComments, parsePageParam, STORY_NO_LONGER_PUBLISHED } from "@/lib/accounts/queries";
import { signOutAction } from "@/lib/actions/sign-in";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { getSiteSettings } from "@/lib/cache/reader";
import { getActor, type Actor } from "@/lib/auth/session";
import { qrCodeSvg } from "@/lib/auth/qr";
import { listOwnSessions } from "@/lib/auth/sessions";
import { getTwoFactorState } from "@/lib/auth/two-factor";
import { suspensionNotice } from "@/lib/comments/sentences";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

interface Props {
  searchParams: Promise<{ page?: string | string[]; deleted?: string | string[] }>;
}

async function twoFactorView(actor: Actor): Promise<TwoFactorView> {
  const state = await getTwoFactorState(actor);
  if (state.status === "on") return { status: "on", since: dateFormat.format(state.enabledAt), recoveryCodesLeft: state.recoveryCodesLeft };
  if (state.status === "pending") return { status: "pending", secret: state.secret, uri: state.uri, qrSvg: await qrCodeSvg(state.uri) };
  return { status: "off" };
}

// Rendered per request (it reads the session): the one place on the reader site that says who is
// signed in, since the cached pages' header is the same for everyone.
export default async function AccountPage({ searchParams }: Props) {
  const params = await searchParams;
  const actor = await getActor();
  if (!actor) {
    // Where a deleted account's owner lands, signed out: the cached front page cannot say it.
    if (params.deleted === "1") {
      return (
        <div className="max-w-xl">
          <h1 className="page-title">Your account has been deleted</h1>
          <p role="status" className="mt-6">
            Your account has been deleted and you have been signed out. Thank you for reading.
          </p>
          <p className="mt-6">
            <Link href="/" className="font-semibold">
              Go to the front page
            </Link>
          </p>
        </div>
      );
    }
    redirect(`/login?callbackUrl=${encodeURIComponent("/account")}`);
  }
  const isStaff = can(actor.role, "desk.open");
  const [own, sessions, twoFactor, site, emailPreferences, mustConfirm] = await Promise.all([
    listOwnComments(actor, { page: parsePageParam(params.page) }),
    listOwnSessions(actor),
    isStaff ? twoFactorView(actor) : null,
    getSiteSettings(),
    getEmailPreferences(actor),
    mustConfirmEmail(actor),
  ]);
  return (
    <div className="max-w-2xl">
      <h1 className="page-title">Your account</h1>
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">Name</dt>
        <dd>{actor.displayName}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>{actor.email}</dd>
        <dt className="font-semibold">Role</dt>
        <dd>{ROLE_LABELS[actor.role]}</dd>
      </dl>
      {actor.status === "SUSPENDED" ? (
        <p role="status" className="mt-6 rounded border border-[var(--rule)] p-4">
          {suspensionNotice(actor, site.dates)}
        </p>
      ) : null}
      {mustConfirm ? (
        <div role="status" className="mt-6 rounded border border-[var(--accent)] p-4">
          <p>{CONFIRM_TO_COMMENT}</p>
          <ResendConfirmationForm />
        </div>
      ) : null}
      <div className="mt-8 flex flex-wrap items-center gap-4">
        {isStaff ? (
          <Link href="/desk" className="font-semibold">
            Open the desk
          </Link>
        ) : null}
        <form action={signOutAction}>
          <button type="submit" className="rounded border border-[var(--rule)] px-4 py-2 font-semibold hover:border-[var(--ink)]">
            Sign out
          </button>
        </form>
      </div>

      {actor.mustEnrolTwoFactor ? (
        <p role="alert" className="mt-6 rounded border border-[var(--accent)] p-4">
          This site requires two-factor sign-in for admins. Set it up under Security below to open the desk.
        </p>
      ) : null}

      {twoFactor ? (
        <section id="security" aria-labelledby="security-heading" className="mt-12 scroll-mt-4">
          <h2 id="security-heading" className="font-serif text-2xl font-bold">
            Security: two-factor sign-in
          </h2>
          <TwoFactorSection view={twoFactor} />
        </section>
      ) : null}

      <section id="email" aria-labelledby="email-heading" className="mt-12 scroll-mt-4">
        <h2 id="email-heading" className="font-serif text-2xl font-bold">
          Email
        </h2>
        <EmailPreferencesForm
          emailOnReply={emailPreferences.emailOnReply}
          emailOnDecision={emailPreferences.emailOnDecision}
          {...(isStaff ? { emailOnMention: emailPreferences.emailOnMention } : {})}
        />
      </section>

      <section aria-labelledby="sessions-heading" className="mt-12">
        <h2 id="sessions-heading" className="font-serif text-2xl font-bold">
          Where you are signed in
        </h2>
        <SessionList
          sessions={sessions.map((session) => ({
            id: session.id,
            device: session.device,
            address: session.address,
            signedIn: formatDateTime(session.signedInAt, site.dates),
            signedInIso: session.signedInAt.toISOString(),
            lastSeen: formatDateTime(session.lastSeenAt, site.dates),
            lastSeenIso: session.lastSeenAt.toISOString(),
            isCurrent: session.isCurrent,
          }))}
        />
      </section>

      <section aria-labelledby="password-heading" className="mt-12">
        <h2 id="password-heading" className="font-serif text-2xl font-bold">
          Change password
        </h2>
        <ChangePasswordForm />
      </section>

      <section aria-labelledby="your-comments" className="mt-12">
        <h2 id="your-comments" className="font-serif text-2xl font-bold">
          Your comments
        </h2>
        {own.total === 0 ? (
          <p className="mt-4 text-[var(--muted)]">You have not commented yet.</p>
        ) : (
          <>
            <p className="mt-2 text-sm text-[var(--muted)]">
              {own.total === 1 ? "1 comment" : `${own.total} comments`}, newest first.
            </p>
            <ol className="mt-4 space-y-6">
              {own.comments.map((comment) => (
                <li key={comment.id} className="border-t border-[var(--rule)] pt-4">
                  <p className="text-sm">
                    On{" "}
                    {comment.story.href ? (
                      <Link href={comment.story.href} className="font-semibold">
                        {comment.story.headline}
                      </Link>
                    ) : comment.story.headline !== null ? (
                      <>
                        <span className="font-semibold">{comment.story.headline}</span>
                        <span className="text-[var(--muted)]"> (no longer published)</span>
                      </>
                    ) : (
                      <span className="text-[var(--muted)]">{STORY_NO_LONGER_PUBLISHED}</span>
                    )}
                  </p>
                  {comment.isDeleted ? null : <p className="mt-2 whitespace-pre-line break-words">{comment.body}</p>}
                  <p className="mt-2 text-sm">
                    <span className="font-semibold">{comment.statusText}</span>
                    <span className="text-[var(--muted)]">
                      {" · "}
                      <time dateTime={comment.createdAt.toISOString()}>{formatDateTime(comment.createdAt, site.dates)}</time>
                      {comment.editedAt ? " · edited" : ""}
                    </span>
                  </p>
                </li>
              ))}
            </ol>
            <Pagination basePath="/account" page={own.page} pageCount={own.pageCount} />
          </>
        )}
      </section>

      <section aria-labelledby="delete-account" className="mt-12 border-t border-[var(--rule)] pt-8">
        <h2 id="delete-account" className="font-serif text-2xl font-bold">
          Delete your account
        </h2>
        {isStaff ? (
          <p className="mt-4">
            Staff accounts cannot be deleted here, because stories and moderation decisions hang on them. Ask an admin to close your
            account.
          </p>
        ) : (
          <>
            <p className="mt-4">Deleting your account signs you out and removes your name and email from {site.name}.</p>
            {actor.status === "SUSPENDED" ? (
              <p className="mt-2">
                Your suspension stays with your email address: it cannot be used for a new account
                {actor.suspendedUntil ? ` until ${formatDateTime(actor.suspendedUntil, site.dates)}` : " while the suspension lasts"}.
              </p>
            ) : null}
            <DeleteAccountForm />
          </>
        )}
      </section>
    </div>
  );
}
