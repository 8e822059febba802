// Runs once when a Next.js server starts, in the Node.js runtime only:
// - background work that must happen without a visitor (publishing scheduled stories, sending
//   webhooks);
// - the hooks through which scripts/serve.mjs answers a posted comment and the Content API's GETs
//   before Next's request handling (lib/comments/post-endpoint.ts, lib/content-api/handlers.ts),
//   with the modules of this build;
// - the reader cache's write-through and background fill (lib/cache/write-through.ts,
//   lib/cache/fill.ts), which request reader pages from this server at its own address;
// - the email sender (lib/email/sender.ts), which delivers the outbox through SMTP_URL;
// - the wire's watched folder (lib/wire/folder.ts), polled in every instance;
// - the co-editing server (lib/collab/server.ts), whose upgrades serve.mjs hands it.

import { NODE_ROUTES, type NodeRoutes } from "@/lib/http/node-routes";

export async function register(): Promise<void> {
  // Next replaces NEXT_RUNTIME when it compiles this file, once per runtime (lib/env.test.ts).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The whole environment is checked here, as the server starts: a bad variable stops it, named.
  const { readEnv } = await import("@/lib/env.mjs");
  const env = readEnv();
  if (!env.DATABASE_URL) return;
  const { answerCommentPostNode, commentPostTarget } = await import("@/lib/comments/post-endpoint");
  const { contentApiRoute } = await import("@/lib/content-api/handlers");
  const routes: NodeRoutes = { commentPost: { target: commentPostTarget, answer: answerCommentPostNode }, contentApi: contentApiRoute };
  (globalThis as { [NODE_ROUTES]?: NodeRoutes })[NODE_ROUTES] = routes;
  routes.stopBackgroundWork = async () => {
    const { stopSweepers } = await import("@/lib/queue/sweeper");
    await stopSweepers();
  };
  const { startScheduler } = await import("@/lib/stories/scheduler");
  startScheduler(env.NEWSDESK_SCHEDULER_INTERVAL_MS);
  // Not during `next build` (its workers run this too, with no server to ask).
  if (env.NEXT_PHASE === "phase-production-build") return;
  // The co-editing server on this process's port (docs/desk.md, "Co-editing").
  const { createCollabServer } = await import("@/lib/collab/server");
  routes.collab = createCollabServer();
  // Under plain `next start` (no scripts/serve.mjs to route upgrades), taken from Node's servers.
  const { routeUpgradesUnderNextStart } = await import("@/lib/collab/next-start");
  const collab = routes.collab;
  routeUpgradesUnderNextStart((request, socket, head) => collab.upgrade(request, socket, head));
  const { startEmailSender } = await import("@/lib/email/sender");
  startEmailSender();
  const { startWebhookDelivery } = await import("@/lib/webhooks/delivery");
  startWebhookDelivery(env.NEWSDESK_WEBHOOKS_INTERVAL_MS);
  const { startWireWatcher } = await import("@/lib/wire/folder");
  startWireWatcher(env.NEWSDESK_WIRE_POLL_MS);
  const { registerSelfAddress, selfAddressFromEnv } = await import("@/lib/cache/self-address");
  registerSelfAddress(selfAddressFromEnv());
  const { startReaderFill } = await import("@/lib/cache/fill");
  startReaderFill();
}
