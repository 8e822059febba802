// The sweep loop, with sweeps the test controls: each sweep waits on a gate the test opens, and
// the test waits on the sweeps themselves, never on the clock (the interval is an hour, so any
// sweep that comes sooner came from a wake, an "again" or the start).

import { afterEach, describe, expect, it, vi } from "vitest";

import { findSweeper, startSweeper, stopSweepers, wakeSweeper } from "./sweeper";

const HOUR = 3_600_000;

/** A sweep whose calls the test can await, and which each wait until released (when gated). */
function controlledSweep(options: { gated?: boolean; answers?: Array<boolean | Error> } = {}) {
  let running = 0;
  let mostAtOnce = 0;
  const calls: Array<{ release: () => void }> = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const sweep = async (): Promise<boolean> => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    const index = calls.length;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    calls.push({ release });
    for (const waiter of waiting.filter((w) => calls.length >= w.count)) waiter.resolve();
    try {
      if (options.gated) await gate;
      const answer = options.answers?.[index] ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    } finally {
      running -= 1;
    }
  };
  return {
    sweep,
    get count() {
      return calls.length;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
    release: (index: number) => calls[index]?.release(),
    /** Resolves once the sweep has been called `count` times. */
    called: (count: number) =>
      new Promise<void>((resolve) => {
        if (calls.length >= count) resolve();
        else waiting.push({ count, resolve });
      }),
  };
}

afterEach(async () => {
  await stopSweepers();
  vi.restoreAllMocks();
});

describe("a sweeper", () => {
  it("sweeps at start, and a second start under its name answers the first without a second loop", async () => {
    const control = controlledSweep();
    const first = startSweeper({ name: "t-start", intervalMs: HOUR, sweep: control.sweep, failure: "failed" });
    await control.called(1);
    const second = startSweeper({ name: "t-start", intervalMs: HOUR, sweep: control.sweep, failure: "failed" });
    expect(second).toBe(first);
    expect(findSweeper("t-start")).toBe(first);
    await first.stop();
    expect(control.count).toBe(1);
  });

  it("with delayFirst, sweeps first when woken, not at start", async () => {
    const control = controlledSweep();
    const sweeper = startSweeper({ name: "t-delay", intervalMs: HOUR, delayFirst: true, sweep: control.sweep, failure: "failed" });
    // Nothing to wait for: a sweep at start would have been called synchronously.
    expect(control.count).toBe(0);
    sweeper.wake();
    await control.called(1);
    await sweeper.stop();
    expect(control.count).toBe(1);
  });

  it("sweeps again as soon as it is woken, long before its interval", async () => {
    const control = controlledSweep();
    startSweeper({ name: "t-wake", intervalMs: HOUR, sweep: control.sweep, failure: "failed" });
    await control.called(1);
    wakeSweeper("t-wake");
    await control.called(2);
    wakeSweeper("t-wake");
    await control.called(3);
    expect(control.count).toBe(3);
  });

  it("never runs two sweeps at once however often it is woken, and a wake during a sweep brings the next one forward", async () => {
    const control = controlledSweep({ gated: true });
    const sweeper = startSweeper({ name: "t-overlap", intervalMs: HOUR, sweep: control.sweep, failure: "failed" });
    await control.called(1);
    for (let i = 0; i < 5; i++) sweeper.wake();
    expect(control.count).toBe(1);
    control.release(0);
    await control.called(2);
    expect(control.mostAtOnce).toBe(1);
    // Five wakes during one sweep make one more sweep, not five.
    control.release(1);
    const stopped = sweeper.stop();
    await stopped;
    expect(control.count).toBe(2);
  });

  it("sweeps again at once when the last sweep says more is waiting", async () => {
    const control = controlledSweep({ answers: [true, true, false] });
    startSweeper({ name: "t-again", intervalMs: HOUR, sweep: control.sweep, failure: "failed" });
    await control.called(3);
    expect(control.count).toBe(3);
  });

  it("logs a sweep that throws, with its failure sentence, and keeps sweeping", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const control = controlledSweep({ answers: [new Error("database down")] });
    const sweeper = startSweeper({ name: "t-throw", intervalMs: HOUR, sweep: control.sweep, failure: "Sweeping failed; will try again" });
    await control.called(1);
    sweeper.wake();
    await control.called(2);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith("Sweeping failed; will try again", expect.objectContaining({ message: "database down" }));
  });

  it("stops after the sweep under way has ended, then runs onStop, and sweeps no more", async () => {
    const control = controlledSweep({ gated: true });
    const events: string[] = [];
    const sweeper = startSweeper({ name: "t-stop", intervalMs: HOUR, sweep: control.sweep, failure: "failed", onStop: () => void events.push("onStop") });
    await control.called(1);
    const stopped = sweeper.stop().then(() => events.push("stopped"));
    // The sweep is still under way: onStop waits for it.
    await Promise.resolve();
    expect(events).toEqual([]);
    events.push("sweep ends");
    control.release(0);
    await stopped;
    expect(events).toEqual(["sweep ends", "onStop", "stopped"]);
    expect(findSweeper("t-stop")).toBeUndefined();
    wakeSweeper("t-stop");
    expect(control.count).toBe(1);
    // Stopped, the name is free: a new start makes a new sweeper.
    const again = controlledSweep();
    const restarted = startSweeper({ name: "t-stop", intervalMs: HOUR, sweep: again.sweep, failure: "failed" });
    expect(restarted).not.toBe(sweeper);
    await again.called(1);
  });
});
