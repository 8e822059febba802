import { COMMENT_LINK_REL, parseCommentBody } from "@/lib/comments/text";

/** A comment's text: paragraphs, line breaks and http(s) links, as React text nodes only. */
export function CommentBody({ body }: { body: string }) {
  return (
    <div className="comment-body space-y-2 break-words">
      {parseCommentBody(body).map((paragraph, p) => (
        <p key={p}>
          {paragraph.map((line, l) => (
            <span key={l}>
              {l > 0 ? <br /> : null}
              {line.map((segment, s) =>
                segment.kind === "link" ? (
                  <a key={s} href={segment.href} rel={COMMENT_LINK_REL}>
                    {segment.text}
                  </a>
                ) : (
                  <span key={s}>{segment.text}</span>
                ),
              )}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}
