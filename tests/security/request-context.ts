// The one request the authorization matrix (authz.integration.test.ts) is making, as Next would
// hand it to a server action: its cookies (the caller's session cookie, made with next-auth's own
// encode) and headers. The test replaces next/headers with `nextHeadersMock` below, so getActor()
// reads the real cookie through lib/auth/session-token.ts and loads the real account; nothing of
// lib/auth is mocked. No imports here: the mock factories load this module before anything else.

export interface RecordedResult {
  ok: boolean;
  code?: string;
}

export const requestContext = {
  cookies: new Map<string, string>(),
  headers: new Headers(),
  /** Cookies the action set or deleted (next-auth's signIn and signOut write the session cookie). */
  cookieWrites: [] as Array<{ name: string; value: string }>,
  /** What every runAction of the current call returned, in order (lib/actions/safe-action.ts). */
  actionResults: [] as RecordedResult[],
};

/** Starts a new request: these cookies, these headers, nothing recorded yet. */
export function startRequest(cookies: Record<string, string>, headers: Record<string, string>): void {
  requestContext.cookies = new Map(Object.entries(cookies));
  requestContext.headers = new Headers(headers);
  requestContext.cookieWrites = [];
  requestContext.actionResults = [];
}

/** The parts of next/headers that lib code and next-auth call. */
export const nextHeadersMock = {
  async cookies() {
    const jar = requestContext.cookies;
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      has: (name: string) => jar.has(name),
      set: (name: string, value: string) => {
        requestContext.cookieWrites.push({ name, value });
        jar.set(name, value);
      },
      delete: (name: string) => {
        requestContext.cookieWrites.push({ name, value: "" });
        jar.delete(name);
      },
    };
  },
  async headers() {
    return requestContext.headers;
  },
};
