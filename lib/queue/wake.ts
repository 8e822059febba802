// A queue's wake across processes: the statement that queues work NOTIFYs a channel (delivered when
// its transaction commits, so never before the work is there to claim), and every process LISTENs
// on a connection of its own and wakes its sweeper (lib/queue/sweeper.ts). A lost connection is
// made again with a growing pause, and every (re)connection wakes the sweeper once: what was queued
// while nobody listened is not left for the next tick. The sweep's own interval stays the safety net.

import "server-only";

import pg from "pg";

export interface WakeListener {
  /** Resolves once the first LISTEN is in place (or the listener was stopped first). */
  listening: Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** LISTENs on `channel` and calls `wake` for every notification, and once on every (re)connection. */
export function listenForWakes(options: { channel: string; databaseUrl: string; wake: () => void; log?: (message: string) => void }): WakeListener {
  const { channel, databaseUrl, wake } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  const log = options.log ?? ((message: string) => console.warn(message));
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let reconnectMs = RECONNECT_MIN_MS;
  let heard = () => {};
  const listening = new Promise<void>((resolve) => (heard = resolve));

  const connect = async () => {
    if (stopped) return;
    const current = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: `newsdesk-wake-${channel}` });
    client = current;
    const retry = (error: unknown) => {
      if (stopped || client !== current) return;
      client = null;
      current.removeAllListeners();
      current.on("error", () => undefined);
      void current.end().catch(() => undefined);
      log(`Lost LISTEN ${channel}, reconnecting in ${reconnectMs} ms (the sweep covers the gap): ${error instanceof Error ? error.message : String(error)}`);
      timer = setTimeout(() => void connect(), reconnectMs);
      timer.unref();
      reconnectMs = Math.min(reconnectMs * 2, RECONNECT_MAX_MS);
    };
    current.on("error", retry);
    current.on("notification", (message) => {
      if (message.channel === channel) wake();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${channel}`);
      if (stopped) return;
      reconnectMs = RECONNECT_MIN_MS;
      heard();
      wake();
    } catch (error) {
      retry(error);
    }
  };
  void connect();

  return {
    listening,
    async stop() {
      stopped = true;
      heard();
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      current?.removeAllListeners();
      current?.on("error", () => undefined);
      await current?.end().catch(() => undefined);
    },
  };
}
