import Link from "next/link";

import type { BylineRef } from "@/lib/stories/queries";

export function bylineHref(slug: string): string {
  return `/byline/${slug}`;
}

/** "Ana Ruiz and Newshub Editorial": names in order, joined as a reader would say them, each linking to its page. */
export function BylineList({ bylines }: { bylines: BylineRef[] }) {
  if (bylines.length === 0) return null;
  return (
    <span className="byline">
      {bylines.map((byline, index) => (
        <span key={byline.id}>
          {index > 0 ? (index === bylines.length - 1 ? " and " : ", ") : null}
          <Link href={bylineHref(byline.slug)} rel="author" className="underline decoration-1 underline-offset-2 hover:decoration-2">
            {byline.name}
          </Link>
        </span>
      ))}
    </span>
  );
}
