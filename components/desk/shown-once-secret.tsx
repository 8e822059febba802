/** A new key, shown once right after it is made (Newsdesk keeps only its hash): selected on focus, to copy. */
export function ShownOnceSecret({ message, id, testId, secret, children }: { message: string; id: string; testId: string; secret: string; children: React.ReactNode }) {
  return (
    <div role="status" className="rounded border-2 border-[var(--ink)] p-4">
      <p className="font-semibold">{message}</p>
      <label htmlFor={id} className="mt-2 block text-sm">
        {children}
      </label>
      <input
        id={id}
        readOnly
        value={secret}
        data-testid={testId}
        onFocus={(event) => event.currentTarget.select()}
        className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 font-mono text-sm"
      />
    </div>
  );
}
