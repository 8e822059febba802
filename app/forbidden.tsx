import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="font-serif text-3xl font-bold">You don’t have access to this page</h1>
      <p className="mt-4">Your account cannot open this part of the newsroom. If you think it should, ask an admin.</p>
      <p className="mt-6">
        <Link href="/" className="underline">
          Back to the front page
        </Link>
      </p>
    </main>
  );
}
