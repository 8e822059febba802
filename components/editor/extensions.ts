import StarterKit, { type StarterKitOptions } from "@tiptap/starter-kit";

import { editorialExtensions } from "@/components/editor/editorial-marks";
import { ReadSelectionFirst } from "@/components/editor/pending-selection";
import { PullQuote } from "@/components/editor/pull-quote";
import { StoryImage } from "@/components/editor/story-image";
import { isSafeUrl } from "@/lib/stories/document";

const starterKit: Partial<StarterKitOptions> = {
  heading: { levels: [2, 3] },
  code: false,
  codeBlock: false,
  underline: false,
  link: {
    openOnClick: false,
    autolink: true,
    defaultProtocol: "https",
    protocols: ["http", "https", "mailto"],
    isAllowedUri: (url) => isSafeUrl(url),
    HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
  },
};

// The editor offers exactly what the document allow-list (lib/stories/document.ts) accepts, with
// the desk's editorial marks (notes, suggestions), which it drops for readers.
export const storyExtensions = [StarterKit.configure(starterKit), PullQuote, StoryImage, ...editorialExtensions, ReadSelectionFirst];

// The same for a live story (components/editor/live-story.ts): the Collaboration extension keeps
// its own undo history (each person undoes their own changes), so StarterKit's is off.
export const liveStoryExtensions = [StarterKit.configure({ ...starterKit, undoRedo: false }), PullQuote, StoryImage, ...editorialExtensions, ReadSelectionFirst];
