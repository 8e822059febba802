// Where to send someone after signing in. Only same-site paths: an open redirect after sign-in is a
// phishing tool. With nowhere (or nowhere safe) to go, their account page says they are signed in.

export const DEFAULT_AFTER_SIGN_IN = "/account";

export function safeCallbackUrl(raw: unknown): string {
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== "string") return DEFAULT_AFTER_SIGN_IN;
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : DEFAULT_AFTER_SIGN_IN;
}
