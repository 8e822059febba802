import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

// Two-factor secrets are sealed under AUTH_SECRET (lib/auth/secret-box.ts): the tests need one.
process.env.AUTH_SECRET ??= "integration-tests-auth-secret-0123456789abcdef";
