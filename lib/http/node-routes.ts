// What the app's build hands to scripts/serve.mjs (plain JavaScript, which cannot import the app's
// TypeScript): handlers that answer a request from Node's own request and response, before Next's
// request handling. instrumentation.ts puts them on globalThis under NODE_ROUTES when the server
// starts; serve.mjs reads them under Symbol.for("newsdesk.nodeRoutes") and hands everything else
// (and everything, when they are not there) to Next.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export const NODE_ROUTES = Symbol.for("newsdesk.nodeRoutes");

export interface NodeRoute<T> {
  /** What the request is for when this route answers it (here: a story id), else null. */
  target(method: string | undefined, url: string | undefined): T | null;
  answer(target: T, request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export interface NodeRoutes {
  commentPost: NodeRoute<string>;
  /** GETs of the Content API (lib/content-api/handlers.ts); absent, they go to Next's route handlers. */
  contentApi?: NodeRoute<object>;
  /** The co-editing server (lib/collab/server.ts): takes the upgrades for its path; absent, none are. */
  collab?: {
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
    close(): Promise<void>;
  };
  /**
   * Stops this process's background loops (the email sender, webhook deliveries, the scheduler, the
   * wire folder: lib/queue/sweeper.ts) once the sweep under way has recorded its outcomes, so a
   * process stopped mid-send does not leave a message to be sent again when its lease runs out.
   */
  stopBackgroundWork?(): Promise<void>;
}
