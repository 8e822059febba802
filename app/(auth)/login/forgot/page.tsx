import type { Metadata } from "next";
import Link from "next/link";

import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?", robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Forgot your password?</h1>
      <p className="mt-4">Enter the email you signed up with and we will send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">
        Remembered it? <Link href="/login" className="font-semibold">Sign in</Link>
      </p>
    </>
  );
}
