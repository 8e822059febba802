import Link from "next/link";

// A missing section, story, or page of a section, shown inside the site's header and footer so
// the reader can carry on from here. The site layout already supplies <main>.
export default function SectionNotFound() {
  return (
    <div className="mx-auto max-w-2xl py-8">
      <h1 className="page-title">Page not found</h1>
      <p className="page-intro">
        There is nothing at this address. The story may have moved or been taken down, or the link may be mistyped.
      </p>
      <p className="mt-6">
        <Link href="/" className="font-semibold underline underline-offset-2">
          Go to the front page
        </Link>
      </p>
    </div>
  );
}
