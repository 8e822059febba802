// Runs once when a Next.js server starts. Background work that must happen without a visitor
// (publishing scheduled stories) starts here, in the Node.js runtime only.

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { startScheduler } = await import("@/lib/stories/scheduler");
  startScheduler(Number(process.env.NEWSDESK_SCHEDULER_INTERVAL_MS ?? 15_000));
}
