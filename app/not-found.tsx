import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="font-serif text-3xl font-bold">Page not found</h1>
      <p className="mt-4">There is nothing at this address. The story may have moved or been taken down.</p>
      <p className="mt-6">
        <Link href="/" className="underline">
          Back to the front page
        </Link>
      </p>
    </main>
  );
}
