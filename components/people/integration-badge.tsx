/** Marks an account that stands for an API key, not a person (lib/api-keys): in the people list and on its page. */
export function IntegrationBadge({ revoked }: { revoked: boolean }) {
  return (
    <span className="ml-2 inline-block rounded border border-[var(--rule)] px-1.5 text-xs font-semibold tracking-wide uppercase" data-testid="integration-badge">
      {revoked ? "Integration, key revoked" : "Integration"}
    </span>
  );
}
