// Renders a story document as semantic HTML on the server. It only knows the node types the
// document allow-list admits, and builds React elements (never HTML strings), so nothing stored
// can inject markup.

import type { ReactNode } from "react";

import type { BlockNode, InlineNode, ListItemNode, Mark, StoryDocument } from "@/lib/stories/document";

function applyMark(mark: Mark, child: ReactNode, key: number): ReactNode {
  switch (mark.type) {
    case "bold":
      return <strong key={key}>{child}</strong>;
    case "italic":
      return <em key={key}>{child}</em>;
    case "strike":
      return <s key={key}>{child}</s>;
    case "link": {
      const external = /^https?:/i.test(mark.attrs.href);
      return (
        <a key={key} href={mark.attrs.href} {...(external ? { rel: "noopener noreferrer nofollow" } : {})}>
          {child}
        </a>
      );
    }
  }
}

function Inline({ content }: { content: InlineNode[] | undefined }): ReactNode {
  return (content ?? []).map((node, index) => {
    if (node.type === "hardBreak") return <br key={index} />;
    return (node.marks ?? []).reduceRight<ReactNode>((child, mark) => applyMark(mark, child, index), node.text);
  });
}

function ListItem({ item }: { item: ListItemNode }) {
  return (
    <li>
      {item.content.map((block, index) => (
        <Block key={index} block={block} />
      ))}
    </li>
  );
}

function Block({ block }: { block: BlockNode }): ReactNode {
  switch (block.type) {
    case "paragraph":
      return block.content ? (
        <p>
          <Inline content={block.content} />
        </p>
      ) : null;
    case "heading":
      return block.attrs.level === 2 ? (
        <h2>
          <Inline content={block.content} />
        </h2>
      ) : (
        <h3>
          <Inline content={block.content} />
        </h3>
      );
    case "blockquote":
      return (
        <blockquote>
          {block.content.map((paragraph, index) => (
            <Block key={index} block={paragraph} />
          ))}
        </blockquote>
      );
    case "pullQuote":
      return (
        <figure className="pull-quote">
          <blockquote>
            <p>
              <Inline content={block.content} />
            </p>
          </blockquote>
          {block.attrs.attribution ? <figcaption>{block.attrs.attribution}</figcaption> : null}
        </figure>
      );
    case "bulletList":
      return (
        <ul>
          {block.content.map((item, index) => (
            <ListItem key={index} item={item} />
          ))}
        </ul>
      );
    case "orderedList":
      return (
        <ol start={block.attrs.start === 1 ? undefined : block.attrs.start}>
          {block.content.map((item, index) => (
            <ListItem key={index} item={item} />
          ))}
        </ol>
      );
    case "horizontalRule":
      return <hr />;
    case "image":
      return (
        <figure className="story-image">
          {/* Sizes come from the media library once images are uploaded; a plain img keeps the page light. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={block.attrs.src} alt={block.attrs.alt} loading="lazy" decoding="async" />
          {block.attrs.caption || block.attrs.credit ? (
            <figcaption>
              {block.attrs.caption}
              {block.attrs.credit ? <span className="credit"> {block.attrs.credit}</span> : null}
            </figcaption>
          ) : null}
        </figure>
      );
  }
}

export function StoryBody({ document }: { document: StoryDocument }) {
  return (
    <div className="story-body">
      {document.content.map((block, index) => (
        <Block key={index} block={block} />
      ))}
    </div>
  );
}
