// A quote pulled out of the story for display, with who said it. Stored as a `pullQuote` node;
// the reader site renders it as <figure><blockquote/><figcaption/></figure>.

import { Node, mergeAttributes } from "@tiptap/core";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    pullQuote: {
      setPullQuote: (attribution: string) => ReturnType;
      unsetPullQuote: () => ReturnType;
    };
  }
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "inline*",
  defining: true,

  addAttributes() {
    return {
      attribution: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-attribution") ?? "",
        renderHTML: (attributes) => ({ "data-attribution": String(attributes.attribution ?? "") }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "figure[data-pull-quote]", contentElement: "blockquote" }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const attribution = String(node.attrs.attribution ?? "");
    return [
      "figure",
      mergeAttributes(HTMLAttributes, { "data-pull-quote": "" }),
      ["blockquote", 0],
      ["figcaption", { contenteditable: "false", class: "text-sm not-italic" }, attribution ? `— ${attribution}` : "— (no attribution)"],
    ];
  },

  addCommands() {
    return {
      setPullQuote:
        (attribution) =>
        ({ commands }) =>
          commands.setNode(this.name, { attribution }),
      unsetPullQuote:
        () =>
        ({ commands }) =>
          commands.setNode("paragraph"),
    };
  },
});
