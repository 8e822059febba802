// Who is in a story (awareness) must survive a dropped connection (docs/desk.md, "Co-editing").
// y-protocols takes a client's state only when its clock is newer than the last one it holds for
// that client, and a departure keeps the clock: on a drop the server removes the person's state at
// the clock it had, and so does every other editor. Coming back with that same clock, the person
// was taken by no one and listed nowhere until their state next changed (a caret move, or the
// renewal every 15 s). So on every (re)connection an editor sends its state at a new clock. Pure:
// the browser (components/editor/live-story.ts) and the test client (tests/integration/collab-client.ts) use it.

import type { HocuspocusProvider } from "@hocuspocus/provider";

/** Keeps a provider listed by the others across reconnections; returns the function that stops it. */
export function keepPresenceAcrossReconnects(provider: HocuspocusProvider): () => void {
  const onStatus = ({ status }: { status: string }) => {
    const awareness = provider.awareness;
    const state = awareness?.getLocalState() ?? null;
    // The same state at the next clock (the provider sends it once the connection is authenticated).
    if (status === "connected" && awareness && state !== null) awareness.setLocalState(state);
  };
  provider.on("status", onStatus);
  return () => provider.off("status", onStatus);
}
