// How the background fill's progress reads on /desk/settings (lib/cache/fill.ts). Pure, so it is
// unit-tested and usable on either side.

export interface FillProgress {
  started: boolean;
  done: number;
  total: number;
  finished: boolean;
  perSecond: number | null;
  secondsLeft: number | null;
  off: boolean;
}

const count = (n: number) => Math.round(n).toLocaleString("en-GB");

function timeLeft(seconds: number): string {
  if (seconds < 60) return "under a minute left";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? "" : "s"} left`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? "" : "s"} left`;
}

/** "Reader pages: 12,345 of 100,008 rendered for this build · 85 a second · about 17 minutes left" */
export function describeFillProgress(progress: FillProgress): string {
  if (progress.finished) return `Reader pages: all ${count(progress.total)} rendered for this build.`;
  if (!progress.started) {
    return progress.off
      ? "Reader pages: the background fill is off on this server (NEWSDESK_FILL_CONCURRENCY=0); pages render on their first reader."
      : "Reader pages: the background fill has not started for this build yet; it starts within a minute of the server starting.";
  }
  const parts = [`Reader pages: ${count(progress.done)} of ${count(progress.total)} rendered for this build`];
  if (progress.perSecond !== null) parts.push(`${count(progress.perSecond)} a second`);
  if (progress.secondsLeft !== null) parts.push(timeLeft(progress.secondsLeft));
  return parts.join(" · ");
}

/** "Re-rendered ahead of readers after changes in the last hour: 42 pages." */
export function describeWriteThrough(pages: number): string {
  return `Re-rendered ahead of readers after changes in the last hour: ${count(pages)} page${pages === 1 ? "" : "s"}.`;
}
