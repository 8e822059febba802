// nginx decides by the session cookie's name whether a request is signed in (and so never answered
// from its cache): deploy/nginx/newsdesk.conf's map must know every name the app reads a session
// from (lib/auth/session-token.ts), whole or in Auth.js's chunks. e2e/nginx.spec.ts checks the
// plain cookie through a real nginx; this checks every name the map must know. docs/fast-paths.md,
// "nginx in front".

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-token";

import { NGINX_CONF, renderNginxConf } from "./nginx";

/** The pattern of a `map` line whose value is 1, as a JavaScript regular expression ("~*" is case-insensitive). */
function signedInPattern(conf: string): RegExp {
  const block = /map \$http_cookie \$newsdesk_signed_in \{([\s\S]*?)\n\}/.exec(conf)?.[1];
  if (!block) throw new Error(`${NGINX_CONF} has no map from $http_cookie to $newsdesk_signed_in`);
  const line = /^\s*"~(\*?)(.+)"\s+1;\s*$/m.exec(block);
  if (!line) throw new Error(`The $newsdesk_signed_in map in ${NGINX_CONF} has no "~…" 1; line`);
  return new RegExp(line[2]!, line[1] === "*" ? "i" : "");
}

describe("deploy/nginx/newsdesk.conf", () => {
  const pattern = signedInPattern(readFileSync(NGINX_CONF, "utf8"));

  it("takes every session cookie the app reads, whole or chunked, anywhere in the Cookie header, as signed in", () => {
    for (const name of SESSION_COOKIE_NAMES) {
      for (const cookie of [name, `${name}.0`, `${name}.1`]) {
        for (const header of [`${cookie}=abc`, `theme=dark; ${cookie}=abc`, `theme=dark;${cookie}=abc; lang=en`]) {
          expect(pattern.test(header), header).toBe(true);
        }
      }
    }
  });

  it("does not take other cookies for a session", () => {
    for (const header of ["theme=dark", "authjs.csrf-token=abc", "authjs.callback-url=%2F", "my-authjs.session-token=abc", "authjs.session-tokens=abc"]) {
      expect(pattern.test(header), header).toBe(false);
    }
  });

  it("renders for the tests with their upstreams, port and folders, keeping the rest of the file", () => {
    const rendered = renderNginxConf({ upstreamPorts: [4001, 4002], listenPort: 4100, tmpDir: "/tmp/nginx-test", distDir: "/srv/build" });
    expect(rendered).toContain("server 127.0.0.1:4001;\n");
    expect(rendered).toContain("server 127.0.0.1:4002;\n");
    expect(rendered).toContain("listen 127.0.0.1:4100;");
    expect(rendered).toContain("root /srv/build/nginx-root;");
    // The back-soon page comes from the checkout's deploy/nginx.
    expect(rendered).toContain(`root ${path.dirname(NGINX_CONF)};`);
    expect(rendered).not.toContain("/var/cache/nginx/");
    expect(signedInPattern(rendered).source).toBe(pattern.source);
  });
});
