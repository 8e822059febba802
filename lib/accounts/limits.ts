// The lengths the sign-up form and the server share. Apart from lib/accounts/validation.ts so the
// browser's form can show them without loading the rules (and their look-alike tables).

export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 50;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;
export const EMAIL_MAX = 254;
