// Input of the notes' mutations, shared by the desk's panel and the lib functions that check it.

import { z } from "zod";

import { NOTE_NOT_FOUND, WRITE_THE_NOTE, WRITE_THE_REPLY } from "@/lib/notes/sentences";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";
import { plainText } from "@/lib/validation/text";

export const NOTE_TEXT_MAX = 2000;
export const NOTE_QUOTE_MAX = 300;

const noteText = (error: string) => plainText("The note", { error }).min(1, error).max(NOTE_TEXT_MAX, `Keep a note under ${NOTE_TEXT_MAX} characters.`);

export const addNoteSchema = z.object({
  storyId: z.uuid({ error: STORY_NOT_FOUND }),
  noteId: z.uuid({ error: NOTE_NOT_FOUND }),
  /** The text the note is on, as the editor read it: cut to NOTE_QUOTE_MAX. */
  quote: z
    .string()
    .default("")
    .transform((quote) => quote.replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, NOTE_QUOTE_MAX)),
  text: noteText(WRITE_THE_NOTE),
});

export const replySchema = z.object({
  noteId: z.uuid({ error: NOTE_NOT_FOUND }),
  text: noteText(WRITE_THE_REPLY),
});

export const resolveSchema = z.object({
  noteId: z.uuid({ error: NOTE_NOT_FOUND }),
  resolved: z.boolean(),
});
