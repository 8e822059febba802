// A background sweep in this process: every app process runs one per kind of background work
// (instrumentation.ts), one at most per name, however often it is started or its modules are
// evaluated again. A sweep never overlaps the last one: the next starts `intervalMs` after the
// last ended, at once when the last said more was waiting, and early when woken (something was
// queued here; a wake during a sweep brings the next one forward too). A sweep that throws is
// logged and tried again at the next tick. stop() lets the sweep under way finish first.
//
// What a sweep does to shared rows is its own affair (lib/queue/claims.ts): several processes
// sweep one table at once.

export interface SweeperOptions {
  /** The sweeper's name in this process: starting a second under one name returns the first. */
  name: string;
  intervalMs: number;
  /** One sweep. Answers true when it left work waiting (a full batch), to sweep again at once. */
  sweep: () => Promise<boolean | void>;
  /** What the log says, before the error, when a sweep throws. */
  failure: string;
  /** Wait an interval (or a wake) before the first sweep, rather than sweeping at start. */
  delayFirst?: boolean;
  /** Runs once the last sweep has ended, when stopped (to close connections). */
  onStop?: () => void | Promise<void>;
}

export interface Sweeper {
  /** Sweep now if sleeping, or again right after the sweep under way. */
  wake(): void;
  /** No more sweeps; resolves once the one under way has ended and onStop has run. */
  stop(): Promise<void>;
}

// On globalThis, not in this module: Next may evaluate it more than once in one process (the dev
// server's reloads, separate bundles), and a wake from any of them must reach the one loop.
const SWEEPERS = Symbol.for("newsdesk.sweepers");

function sweepers(): Map<string, Sweeper> {
  const holder = globalThis as { [SWEEPERS]?: Map<string, Sweeper> };
  holder[SWEEPERS] ??= new Map();
  return holder[SWEEPERS];
}

/** Starts the named sweeper in this process, or answers the one already running. */
export function startSweeper(options: SweeperOptions): Sweeper {
  const running = sweepers().get(options.name);
  if (running) return running;
  let stopped = false;
  let woken = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(() => {
        sleeping = null;
        resolve();
      }, options.intervalMs);
      // A sleeping sweeper never keeps the process alive.
      timer.unref();
      sleeping = { timer, resolve };
    });
  const wake = () => {
    woken = true;
    if (!sleeping) return;
    clearTimeout(sleeping.timer);
    const { resolve } = sleeping;
    sleeping = null;
    resolve();
  };
  const loop = (async () => {
    if (options.delayFirst) await sleep();
    while (!stopped) {
      woken = false;
      let again = false;
      try {
        again = (await options.sweep()) === true;
      } catch (error) {
        console.error(options.failure, error);
      }
      if (!again && !stopped) await sleep();
    }
    await options.onStop?.();
  })();
  const sweeper: Sweeper = {
    wake,
    stop: async () => {
      stopped = true;
      wake();
      await loop;
      if (sweepers().get(options.name) === sweeper) sweepers().delete(options.name);
    },
  };
  sweepers().set(options.name, sweeper);
  return sweeper;
}

/** The named sweeper, if it runs in this process. */
export function findSweeper(name: string): Sweeper | undefined {
  return sweepers().get(name);
}

/** Wakes the named sweeper if it runs in this process (after queueing work for it here). */
export function wakeSweeper(name: string): void {
  sweepers().get(name)?.wake();
}

/** Stops every sweeper of this process, each after its sweep under way (for shutdown and tests). */
export async function stopSweepers(): Promise<void> {
  await Promise.all([...sweepers().values()].map((sweeper) => sweeper.stop()));
}
