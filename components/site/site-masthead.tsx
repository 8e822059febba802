import Link from "next/link";

import { getSiteSettings } from "@/lib/cache/reader";

/**
 * The site's name, or its logo (alt text: the name), linking to the front page: the masthead of
 * the reader header and of the pages that stand alone (sign-in, 404, 403). Both come from the site
 * settings (/desk/settings). A plain <img> with its size given, so nothing shifts as it loads and
 * no client code is spent on it.
 */
export async function SiteMasthead({ className = "" }: { className?: string }) {
  const site = await getSiteSettings();
  return (
    <Link href="/" className={`font-serif text-3xl font-bold tracking-tight no-underline ${className}`}>
      {site.logo ? (
        // eslint-disable-next-line @next/next/no-img-element -- a small fixed-size image; next/image would add client code
        <img
          src={site.logo.url}
          alt={site.name}
          width={site.logo.width}
          height={site.logo.height}
          className="block h-10 w-auto max-w-[16rem] object-contain"
          data-testid="site-logo"
        />
      ) : (
        site.name
      )}
    </Link>
  );
}
