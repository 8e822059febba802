// An image in the story body, from the media library: the picture, its alt text for people who
// cannot see it, and the caption and credit readers see under it.

import { Node, mergeAttributes } from "@tiptap/core";

export interface StoryImageAttributes {
  src: string;
  alt: string;
  caption: string;
  credit: string;
  mediaId: string | null;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    storyImage: {
      insertStoryImage: (attributes: StoryImageAttributes) => ReturnType;
    };
  }
}

export const StoryImage = Node.create({
  name: "image",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      src: { default: "" },
      alt: { default: "" },
      caption: { default: "" },
      credit: { default: "" },
      mediaId: { default: null },
    };
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-story-image]",
        getAttrs: (element) => {
          const img = element.querySelector("img");
          return {
            src: img?.getAttribute("src") ?? "",
            alt: img?.getAttribute("alt") ?? "",
            caption: element.getAttribute("data-caption") ?? "",
            credit: element.getAttribute("data-credit") ?? "",
            mediaId: element.getAttribute("data-media-id"),
          };
        },
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { src, alt, caption, credit, mediaId } = node.attrs as StoryImageAttributes;
    return [
      "figure",
      mergeAttributes(
        { "data-story-image": "", "data-caption": caption, "data-credit": credit },
        mediaId ? { "data-media-id": mediaId } : {},
        { class: HTMLAttributes.class ?? "story-image" },
      ),
      ["img", { src, alt }],
      ["figcaption", {}, [caption, credit].filter(Boolean).join(" — ") || "(no caption)"],
    ];
  },

  addCommands() {
    return {
      insertStoryImage:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    };
  },
});
