// Sentences people see about live co-editing (tests/architecture/sentences.test.ts). No imports.

export const COLLAB_OUTDATED = "Newsdesk was updated: reload to keep editing.";
export const COLLAB_OFFLINE = "Offline, your changes will be merged";
export const COLLAB_CONNECTING = "Connecting to the live story…";
export const COLLAB_LIVE = "Live: changes are saved as you type";
/** For someone who may only see the story: her editor takes no typing, others' changes show as they are made. */
export const COLLAB_READ_ONLY_LIVE = "Read only · live: others' changes show as they make them";
export const COLLAB_READ_ONLY_OFFLINE = "Read only · offline: others' changes will show when the connection returns";
export const COLLAB_REFUSED = "You cannot edit this story live. Reload the page; if it stays, ask an editor.";
/** What someone may do in the story changed while it was open (it was published, or sent back to her). */
export const COLLAB_RIGHTS_CHANGED = "What you may do in this story has changed: reload the page to go on.";
export const COLLAB_SIGNED_OUT = "Your session has ended: sign in again to keep editing.";
export const COLLAB_TOO_LARGE = "That change was too large or not allowed in a story, and was not kept.";
