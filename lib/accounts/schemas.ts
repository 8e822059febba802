// The inputs of the account operations: one schema each, shared by the forms' server actions and
// the lib functions.

import { z } from "zod";

import { singleLine } from "@/lib/validation/text";
import { displayNameProblem, EMAIL_MAX, isPasswordTheEmail, normaliseDisplayName, PASSWORD_MAX, passwordProblem } from "@/lib/accounts/validation";
import { EMAIL_AS_PASSWORD, ENTER_YOUR_EMAIL, ENTER_A_VALID_EMAIL } from "@/lib/accounts/sentences";

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
    email: singleLine("Your email").toLowerCase().min(1, ENTER_YOUR_EMAIL).max(EMAIL_MAX, "That email is too long.").email(ENTER_A_VALID_EMAIL),
    // Not trimmed: spaces are part of a password. Checked against the email below.
    password: z
      .string()
      .max(PASSWORD_MAX * 4, `Keep your password to ${PASSWORD_MAX} characters or fewer.`)
      .superRefine((password, context) => {
        const problem = passwordProblem(password);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }),
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
  // Not trimmed: spaces are part of a password. The sign-up rules; checked against the email by changeOwnPassword.
  newPassword: z
    .string()
    .max(PASSWORD_MAX * 4, `Keep your password to ${PASSWORD_MAX} characters or fewer.`)
    .superRefine((password, context) => {
      const problem = passwordProblem(password);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
});

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
