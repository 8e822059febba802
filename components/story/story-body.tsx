// Renders a story document as semantic HTML on the server. It only knows the node types the
// document allow-list admits, and builds React elements (never HTML strings), so nothing stored
// can inject markup.

import type { ReactNode } from "react";

import { getMediaSizes, type MediaSizes } from "@/lib/media/queries";
import { mediaSrcSet, mediaUrl } from "@/lib/media/urls";
import { libraryImageIds, type BlockNode, type InlineNode, type ListItemNode, type Mark, type StoryDocument } from "@/lib/stories/document";

/** The media library's sizes of the images a body shows, by media id. */
export type ImageSizes = ReadonlyMap<string, MediaSizes>;

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
    default:
      // Notes and suggestions are dropped by the allow-list before a body reaches readers.
      return child;
  }
}

function Inline({ content }: { content: InlineNode[] | undefined }): ReactNode {
  return (content ?? []).map((node, index) => {
    if (node.type === "hardBreak") return <br key={index} />;
    return (node.marks ?? []).reduceRight<ReactNode>((child, mark) => applyMark(mark, child, index), node.text);
  });
}

function ListItem({ item, images }: { item: ListItemNode; images: ImageSizes }) {
  return (
    <li>
      {item.content.map((block, index) => (
        <Block key={index} block={block} images={images} />
      ))}
    </li>
  );
}

function Block({ block, images }: { block: BlockNode; images: ImageSizes }): ReactNode {
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
            <Block key={index} block={paragraph} images={images} />
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
            <ListItem key={index} item={item} images={images} />
          ))}
        </ul>
      );
    case "orderedList":
      return (
        <ol start={block.attrs.start === 1 ? undefined : block.attrs.start}>
          {block.content.map((item, index) => (
            <ListItem key={index} item={item} images={images} />
          ))}
        </ol>
      );
    case "horizontalRule":
      return <hr />;
    case "image": {
      const sizes = block.attrs.mediaId ? images.get(block.attrs.mediaId) : undefined;
      return (
        <figure className="story-image">
          {/* Responsive sizes from the media library; a plain img keeps the page free of client code. */}
          {sizes && block.attrs.mediaId ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img
              src={mediaUrl(block.attrs.mediaId, 960, sizes.version)}
              srcSet={mediaSrcSet(block.attrs.mediaId, sizes.variants, sizes.version)}
              sizes="(min-width: 42rem) 42rem, 100vw"
              width={sizes.width}
              height={sizes.height}
              alt={block.attrs.alt}
              loading="lazy"
              decoding="async"
            />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={block.attrs.src} alt={block.attrs.alt} loading="lazy" decoding="async" />
          )}
          {block.attrs.caption || block.attrs.credit ? (
            <figcaption>
              {block.attrs.caption}
              {block.attrs.caption && block.attrs.credit ? " " : null}
              {block.attrs.credit ? <span className="credit">{block.attrs.credit}</span> : null}
            </figcaption>
          ) : null}
        </figure>
      );
    }
  }
}

/** `images`: the sizes already read (the story page reads them with the story); else one query here. */
export async function StoryBody({ document, images: given, datelinePlace = "" }: { document: StoryDocument; images?: ImageSizes; datelinePlace?: string }) {
  // Images only stand at the top level of a body, so one pass finds them all: one query per page.
  const mediaIds = given ? [] : libraryImageIds(document);
  const images: ImageSizes = given ?? (mediaIds.length > 0 ? await getMediaSizes(mediaIds) : new Map());
  return (
    <div className="story-body">
      <StoryBlocks document={document} images={images} datelinePlace={datelinePlace} />
    </div>
  );
}

/**
 * The body's blocks, given the sizes of its images. Its markup is the feeds' (lib/feeds/html.ts)
 * but for what only a page uses: lazy, responsive images (story-body.test.tsx compares the two).
 */
export function StoryBlocks({ document, images, datelinePlace = "" }: { document: StoryDocument; images: ImageSizes; datelinePlace?: string }) {
  const blocks = document.content.map((block, index) => <Block key={index} block={block} images={images} />);
  if (!datelinePlace) return blocks;
  // Wire style: the place the story was filed opens its first paragraph ("SEOUL — …"); a body that
  // opens with anything else gets the place on a line of its own above it.
  const place = <DatelinePlace place={datelinePlace} />;
  const first = document.content[0];
  if (first?.type === "paragraph" && first.content) {
    return [
      <p key="first">
        {place}
        <Inline content={first.content} />
      </p>,
      ...blocks.slice(1),
    ];
  }
  return [<p key="place">{place}</p>, ...blocks];
}

/** The dateline place in wire style: bold capitals, then an em dash. */
function DatelinePlace({ place }: { place: string }) {
  return (
    <>
      <span className="story-dateline-place" data-testid="dateline-place">
        {place}
      </span>
      {" — "}
    </>
  );
}
