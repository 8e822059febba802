// Co-editing under plain `next start` (the e2e run's second instance, or a deployment without
// scripts/serve.mjs): Next's own server has no hook for another WebSocket path, so the upgrades
// for COLLAB_PATH are taken where Node's HTTP servers hand them out (their "upgrade" event), before
// Next's listener sees them. Under scripts/serve.mjs, which routes upgrades itself, this is not
// installed.

import "server-only";

import http from "node:http";
import type { Duplex } from "node:stream";

/** Set by scripts/serve.mjs before Next starts: it hands the co-editing server its upgrades itself. */
export const CUSTOM_SERVER = Symbol.for("newsdesk.customServer");

const INSTALLED = Symbol.for("newsdesk.collabUpgradeHook");

export function routeUpgradesUnderNextStart(upgrade: (request: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean): void {
  const flags = globalThis as { [CUSTOM_SERVER]?: boolean; [INSTALLED]?: boolean };
  if (flags[CUSTOM_SERVER] || flags[INSTALLED]) return;
  flags[INSTALLED] = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "upgrade") {
      const [request, socket, head] = args as [http.IncomingMessage, Duplex, Buffer];
      if (upgrade(request, socket, head)) return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
