"use client";

// A workflow action on a story created in this editor re-renders the page at the story's own
// address, which mounts a new editor: its result is carried over in the tab's session storage
// and shown by the editor that mounts there.

const PREFIX = "newsdesk:notice:";

export function carryNotice(storyId: string, text: string): void {
  try {
    window.sessionStorage.setItem(PREFIX + storyId, text);
  } catch {
    // Storage refused: the notice is shown by this editor only.
  }
}

/** The notice carried over for this story, removed as it is read. */
export function takeCarriedNotice(storyId: string): string | null {
  try {
    const text = window.sessionStorage.getItem(PREFIX + storyId);
    if (text !== null) window.sessionStorage.removeItem(PREFIX + storyId);
    return text;
  } catch {
    return null;
  }
}
