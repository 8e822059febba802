import path from "node:path";

export const DEMO_PASSWORD = "demo-password";

export const ROLES = ["admin", "editor", "reporter", "moderator", "reader"] as const;
export type DemoRole = (typeof ROLES)[number];

export function demoEmail(role: DemoRole): string {
  return `${role}@demo.newsdesk`;
}

/** Signed-in browser state for a role, written once by auth.setup.ts. */
export function storageStateFor(role: DemoRole): string {
  // scripts/e2e.ts points this at its run's temporary folder: sessions are only valid for that run's server.
  const dir = process.env.E2E_STATE_DIR ?? path.join(import.meta.dirname, ".auth");
  return path.join(dir, `${role}.json`);
}

/** The admin's two-factor key and recovery codes, written by auth.setup.ts beside the stored state. */
export function twoFactorStateFor(role: DemoRole): string {
  return storageStateFor(role).replace(/\.json$/, ".two-factor.json");
}
