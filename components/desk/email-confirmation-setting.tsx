// The email confirmation switch on /desk/settings, as one server component that reads its own
// value, so the settings page gives it one line.

import { EmailConfirmationSettingForm } from "@/components/auth/email-forms";
import { getEmailConfirmationSetting } from "@/lib/accounts/confirm-email";
import type { Actor } from "@/lib/auth/actor";

export async function EmailConfirmationSetting({ admin }: { admin: Actor }) {
  const { requireEmailConfirmation } = await getEmailConfirmationSetting(admin);
  return (
    <section aria-labelledby="email-confirmation-heading">
      <h2 id="email-confirmation-heading" className="mt-10 text-xl font-semibold">
        New readers&rsquo; email
      </h2>
      <EmailConfirmationSettingForm requireEmailConfirmation={requireEmailConfirmation} />
    </section>
  );
}
