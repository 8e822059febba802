import type { BylineRef } from "@/lib/stories/queries";

/** "Ana Ruiz and Newshub Editorial": names in order, joined as a reader would say them. */
export function BylineList({ bylines }: { bylines: BylineRef[] }) {
  if (bylines.length === 0) return null;
  return (
    <span className="byline">
      {bylines.map((byline, index) => (
        <span key={byline.id}>
          {index > 0 ? (index === bylines.length - 1 ? " and " : ", ") : null}
          <span rel="author">{byline.name}</span>
        </span>
      ))}
    </span>
  );
}
