// Sentences about email, reset links and notifications shown to people, each written once. No
// imports: forms use them too.

export const ONLY_ADMINS_READ_OUTBOX = "Only admins can read the outbox.";
export const OUTBOX_MESSAGE_NOT_FOUND = "That message is not in the outbox.";
export const RESET_REQUESTED =
  "If that email has an account here, we have sent it a link to choose a new password. The link works once, for an hour. Check your spam folder if it does not arrive.";
export const RESET_LINK_INVALID = "That link does not work any more: it has been used, it has expired, or it was cut short. Ask for a new one.";
export const PASSWORD_RESET_DONE = "Your password has been changed, and every other session has been signed out. Sign in with your new password.";
export const PASSWORDS_DIFFER = "The two passwords are not the same.";
export const TOO_MANY_RESET_REQUESTS = "Too many requests for a new password. Try again later.";
export const CONFIRM_LINK_INVALID = "That confirmation link does not work any more: it has been used, it has expired, or it was cut short. Send a new one from your account page.";
export const EMAIL_CONFIRMED = "Your email is confirmed. You can comment now.";
export const CONFIRMATION_SENT = "We have sent you a new confirmation link. It works once, for a day.";
export const TOO_MANY_CONFIRMATIONS = "Too many confirmation emails asked for. Try again later.";
export const ALREADY_CONFIRMED = "Your email is already confirmed.";
export const UNSUBSCRIBE_LINK_INVALID = "That unsubscribe link is not right: it may have been cut short. Change your email settings on your account page instead.";
export const ONLY_ADMINS_EMAIL_SETTINGS = "Only admins can change the email settings.";
