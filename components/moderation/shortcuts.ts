// The moderation queue's keyboard shortcuts, as the help on the page lists them.

export const QUEUE_SHORTCUTS: ReadonlyArray<{ key: string; does: string }> = [
  { key: "j", does: "Next comment" },
  { key: "k", does: "Previous comment" },
  { key: "a", does: "Approve" },
  { key: "r", does: "Reject (type the reason, then press Enter)" },
  { key: "s", does: "Spam" },
  { key: "x", does: "Select or unselect" },
];

export const SHORTCUT_KEYS: ReadonlySet<string> = new Set(QUEUE_SHORTCUTS.map((shortcut) => shortcut.key));
