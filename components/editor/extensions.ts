import StarterKit from "@tiptap/starter-kit";

import { editorialExtensions } from "@/components/editor/editorial-marks";
import { PullQuote } from "@/components/editor/pull-quote";
import { StoryImage } from "@/components/editor/story-image";
import { isSafeUrl } from "@/lib/stories/document";

// The editor offers exactly what the document allow-list (lib/stories/document.ts) accepts, with
// the desk's editorial marks (notes, suggestions), which it drops for readers.
export const storyExtensions = [
  StarterKit.configure({
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
  }),
  PullQuote,
  StoryImage,
  ...editorialExtensions,
];
