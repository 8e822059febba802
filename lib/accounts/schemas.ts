// The inputs of the account operations: one schema each, shared by the forms' server actions and
// the lib functions.

import { z } from "zod";

import { singleLine } from "@/lib/validation/text";
import { displayNameProblem, EMAIL_MAX, isPasswordTheEmail, normaliseDisplayName, PASSWORD_MAX, passwordProblem } from "@/lib/accounts/validation";
import { EMAIL_AS_PASSWORD, ENTER_YOUR_EMAIL, ENTER_A_VALID_EMAIL } from "@/lib/accounts/sentences";

/** An email address as the account forms take it: trimmed, lower-cased, checked. */
export const emailField = singleLine("Your email").toLowerCase().min(1, ENTER_YOUR_EMAIL).max(EMAIL_MAX, "That email is too long.").email(ENTER_A_VALID_EMAIL);

/** A new password by the sign-up rules. Not trimmed: spaces are part of a password. */
export const passwordField = z
  .string()
  .max(PASSWORD_MAX * 4, `Keep your password to ${PASSWORD_MAX} characters or fewer.`)
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export const signUpSchema = z
  .object({
    displayName: z
      .string()
      .max(500, "Keep your display name to 50 characters or fewer.")
      .transform(normaliseDisplayName)
      .superRefine((name, context) => {
        const problem = displayNameProblem(name);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }),
    email: emailField,
    // Checked against the email below.
    password: passwordField,
  })
  .refine((input) => !isPasswordTheEmail(input.password, input.email), {
    path: ["password"],
    message: EMAIL_AS_PASSWORD,
  });

export type SignUpInput = z.input<typeof signUpSchema>;

export const COMMENT_CHOICES = ["keep", "remove"] as const;
export type CommentChoice = (typeof COMMENT_CHOICES)[number];

export const deleteAccountSchema = z.object({
  comments: z.enum(COMMENT_CHOICES, { message: "Choose what happens to your comments." }),
  password: z.string().min(1, "Enter your password to confirm.").max(PASSWORD_MAX * 4),
});

export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX * 4),
  // The sign-up rules; checked against the email by changeOwnPassword.
  newPassword: passwordField,
});

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
