// Sentences about accounts and passwords shown to people, each written once. No imports: forms
// may use them too.

export const ACCOUNT_GONE = "This account no longer exists.";
export const EMAIL_AS_PASSWORD = "Do not use your email address as your password.";
export const ENTER_YOUR_EMAIL = "Enter your email.";
export const ENTER_A_VALID_EMAIL = "Enter a valid email address.";
export const ENTER_YOUR_PASSWORD = "Enter your password.";
export const WRONG_PASSWORD_MESSAGE = "That password is not right.";
