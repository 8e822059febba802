// Sentences the reader-cache admin section shows (lib/cache/fill.ts, the settings page).

export const FILL_ADMINS_ONLY = "Only admins can see and start the rendering of reader pages.";
export const FILL_STARTED_AGAIN = "Rendering every reader page again, newest first. Readers are served first; this page shows the progress.";
