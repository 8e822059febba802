// Sentences about editorial notes and suggestions shown to people, each written once
// (tests/architecture/sentences.test.ts). No imports: client components use them too.

export const NOTE_NOT_FOUND = "That note does not exist.";
export const NOTES_EDITORS_ONLY = "Only people who may edit this story can add, answer or resolve its notes.";
export const WRITE_THE_NOTE = "Write the note.";
export const WRITE_THE_REPLY = "Write a reply.";
export const NOTE_ID_TAKEN = "A note with this id already exists. Reload the page.";
export const SAVE_BEFORE_NOTES = "Save the story before adding notes.";
export const SAVE_BEFORE_SUGGESTING = "Suggesting is open once the story has been saved.";
export const SELECT_TEXT_FOR_NOTE = "Select some text in the body first, then add a note to it.";
export const NOTE_TEXT_GONE = "The text this note was on has been deleted.";
export const cannotMention = (name: string) => `${name} cannot open this story, so cannot be mentioned in its notes.`;
export const openSuggestionsCount = (count: number) =>
  count === 1 ? "1 suggestion is waiting: accept or reject it before the story goes out." : `${count} suggestions are waiting: accept or reject them before the story goes out.`;
