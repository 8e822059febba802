// The vocabulary of the authorization table (authz-table.ts): who may call an action (Access, read
// against the role matrix in lib/auth/roles.ts), the people who call it (one fresh account per role
// and call, with a real session cookie), and how a call's outcome is read whatever shape the action
// answers in (an ActionResult, a form state, a redirect, a Response).

import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";

import { loadSessionActor, type Actor } from "@/lib/auth/actor";
import { startSession } from "@/lib/auth/sessions";
import { can, ROLES, type Permission } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import { freshAddress } from "@/tests/addresses";
import { makeUser } from "@/tests/integration/factories";

import { requestContext, startRequest } from "./request-context";

export const SESSION_COOKIE = "authjs.session-token";
export const HOST = "localhost:3000";
export const ORIGIN = `http://${HOST}`;

/** Every role of the matrix, and nobody signed in. */
export const CALLERS: ReadonlyArray<Role | null> = [...ROLES, null];

export function callerName(role: Role | null): string {
  return role ?? "signed out";
}

// ── Who may ────────────────────────────────────────────────────────────

/**
 * Who may make a call:
 * - "public": anyone, signed in or not (the caller's role is irrelevant);
 * - "signed-in": any signed-in person who is not banned;
 * - { can, cannot }: a signed-in person whose role has every permission in `can` and none in `cannot`.
 */
export type Access = "public" | "signed-in" | { can: readonly Permission[]; cannot?: readonly Permission[] };

export function isAllowed(access: Access, role: Role | null): boolean {
  if (access === "public") return true;
  if (role === null) return false;
  if (access === "signed-in") return true;
  return access.can.every((permission) => can(role, permission)) && !(access.cannot ?? []).some((permission) => can(role, permission));
}

export function describeAccess(access: Access): string {
  if (typeof access === "string") return access;
  return [...access.can, ...(access.cannot ?? []).map((permission) => `not ${permission}`)].join(" + ") || "signed-in";
}

// ── Who calls ──────────────────────────────────────────────────────────

export interface TestPerson {
  role: Role;
  id: string;
  email: string;
  actor: Actor;
  /** A session token next-auth itself would have set for this person. */
  sessionToken: string;
}

/** A new account of this role (password TEST_PASSWORD) with a session cookie of its own. */
export async function makePerson(role: Role): Promise<TestPerson> {
  const user = await makeUser(role);
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("Set AUTH_SECRET before making session cookies (the matrix test sets its own).");
  // A session row as signing in makes, so the cookie is checked as a real one is.
  const sid = await startSession(user.id, { userAgent: "authorization matrix", address: freshAddress() });
  const actor = await loadSessionActor({ userId: user.id, sessionId: sid });
  if (!actor) throw new Error(`the ${role} test account could not be loaded`);
  const sessionToken = await encode({ token: { sub: user.id, sid }, secret, salt: SESSION_COOKIE });
  return { role, id: user.id, email: user.email, actor, sessionToken };
}

export { freshAddress };

/** What Next would hand a server action: this person's session cookie (none when signed out) and a same-site request's headers. */
export function actAs(person: TestPerson | null): void {
  startRequest(person ? { [SESSION_COOKIE]: person.sessionToken } : {}, {
    host: HOST,
    "x-forwarded-proto": "http",
    "x-forwarded-for": freshAddress(),
    origin: ORIGIN,
    ...(person ? { cookie: `${SESSION_COOKIE}=${person.sessionToken}` } : {}),
  });
}

/** A request to a route handler, from this person's browser on this site. */
export function routeRequest(person: TestPerson | null, path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}): NextRequest {
  const headers = new Headers({ "x-forwarded-for": freshAddress(), ...init.headers });
  if (person) headers.set("cookie", [headers.get("cookie"), `${SESSION_COOKIE}=${person.sessionToken}`].filter(Boolean).join("; "));
  return new NextRequest(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, ...(init.body !== undefined ? { body: init.body } : {}) });
}

/** A route handler's second argument. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export function form(fields: Record<string, string | readonly string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of typeof value === "string" ? [value] : value) data.append(name, one);
  }
  return data;
}

// ── What came back ─────────────────────────────────────────────────────

/** A call either did what it was asked, or was refused with a code (FORBIDDEN, UNAUTHENTICATED, INVALID_INPUT, HTTP_404, …). */
export type Outcome = { ok: true; detail: string } | { ok: false; code: string; detail: string };

/** Where a redirect thrown by next/navigation's redirect() goes, or null for any other error. */
export function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) return null;
  return digest.split(";")[2] ?? null;
}

const HTTP_FALLBACKS: Record<string, string> = { "401": "UNAUTHENTICATED", "403": "FORBIDDEN", "404": "NOT_FOUND" };

/** The code of the last refusal a runAction of this call returned (what the form shows travels without it). */
function lastRefusalCode(): string {
  const refused = requestContext.actionResults.filter((result) => !result.ok).at(-1);
  return refused?.code ?? "REFUSED";
}

function statusCode(status: number): string {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  return `HTTP_${status}`;
}

/**
 * Reads any shape an action or handler answers in:
 * - a Response: 2xx and 3xx did it, 401 is UNAUTHENTICATED, 403 FORBIDDEN;
 * - an ActionResult ({ ok, code });
 * - a form state ({ status: "refused" | "done" | … } or { message }): refused with the code its runAction returned;
 * - a redirect (thrown): to /login is UNAUTHENTICATED, with ?error= refused as its runAction was, anything else did it;
 * - forbidden(), unauthorized(), notFound() (thrown).
 * Anything else thrown is a failure of the test, not an outcome.
 */
export function readOutcome(returned: unknown, thrown: unknown, didThrow: boolean): Outcome {
  if (didThrow) {
    const target = redirectTarget(thrown);
    if (target !== null) {
      const url = new URL(target, ORIGIN);
      if (url.pathname === "/login") return { ok: false, code: "UNAUTHENTICATED", detail: `redirected to ${target}` };
      if (url.searchParams.has("error")) return { ok: false, code: lastRefusalCode(), detail: `redirected to ${target}` };
      return { ok: true, detail: `redirected to ${target}` };
    }
    const digest = (thrown as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) {
      const status = digest.split(";")[1] ?? "";
      return { ok: false, code: HTTP_FALLBACKS[status] ?? `HTTP_${status}`, detail: digest };
    }
    throw thrown;
  }
  if (returned instanceof Response) {
    return returned.status < 400 ? { ok: true, detail: `HTTP ${returned.status}` } : { ok: false, code: statusCode(returned.status), detail: `HTTP ${returned.status}` };
  }
  if (typeof returned === "object" && returned !== null) {
    const shape = returned as { ok?: unknown; code?: unknown; message?: unknown; status?: unknown };
    if (typeof shape.ok === "boolean") {
      return shape.ok ? { ok: true, detail: "ok: true" } : { ok: false, code: String(shape.code), detail: String(shape.message) };
    }
    if (shape.status === "refused") return { ok: false, code: lastRefusalCode(), detail: String(shape.message) };
    if (typeof shape.status === "string") return { ok: true, detail: `status: ${shape.status}` };
    if (typeof shape.message === "string") return { ok: false, code: lastRefusalCode(), detail: shape.message };
  }
  return { ok: true, detail: "returned" };
}
