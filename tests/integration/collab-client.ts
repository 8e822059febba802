// A co-editor outside the browser: Hocuspocus' provider over a real WebSocket, with a session
// cookie (lib/collab/server.integration.test.ts and the `collab` benchmark).

import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";

import { keepPresenceAcrossReconnects } from "@/lib/collab/presence";
import { collabToken, documentNameOf } from "@/lib/collab/protocol";

export interface CollabClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Why the server refused the connection, once it has. */
  refusal: () => string | null;
  /** The close reasons the server gave, in order. */
  closes: string[];
  synced: Promise<void>;
  destroy(): void;
}

export function connectCollab(url: string, storyId: string, options: { cookie?: string; token?: string; reconnect?: boolean; origin?: string } = {}): CollabClient {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: CookieSocket,
    autoConnect: false,
    ...(options.reconnect === false ? { maxAttempts: 1 } : { delay: 100, minDelay: 50, maxDelay: 500 }),
  });
  // The provider calls connect() without catching it (at start, and again after every close): once
  // its attempts run out against a server that is gone, the rejection would be unhandled and fail
  // the run. A client that cannot connect is what the tests look at (closes, refusal), not an error.
  const connect = socket.connect.bind(socket);
  socket.connect = () => connect().catch(() => undefined);
  let refusal: string | null = null;
  const closes: string[] = [];
  let resolveSynced = () => {};
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentNameOf(storyId),
    document: doc,
    token: options.token ?? collabToken(),
    onAuthenticationFailed: ({ reason }) => {
      refusal = reason;
    },
    onSynced: ({ state }) => {
      if (state) resolveSynced();
    },
    onClose: ({ event }) => {
      closes.push(event.reason);
    },
  });
  // As the desk's editor does (components/editor/live-story.ts).
  keepPresenceAcrossReconnects(provider);
  provider.attach();
  void socket.connect();
  return {
    doc,
    provider,
    socket,
    refusal: () => refusal,
    closes,
    synced,
    destroy() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** Whether everything this client typed has been acknowledged by the server (stored). */
export function allAcknowledged(client: CollabClient): boolean {
  return client.provider.unsyncedChanges === 0;
}
