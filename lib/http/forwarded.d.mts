// Types of forwarded.mjs (plain JavaScript, shared with scripts/serve.mjs).

export declare const UNKNOWN_ADDRESS: "unknown";
export declare const DEFAULT_TRUSTED_PROXIES: string;

export interface TrustedProxies {
  /** The ranges as read, for the start-up message ("127.0.0.0/8, ::1", or "none"). */
  readonly description: string;
  /** Whether this address is a trusted proxy. */
  has(address: string): boolean;
}

export declare function normaliseAddress(raw: unknown): string | null;
export declare function parseTrustedProxies(spec: string | null | undefined): TrustedProxies;
export declare function resolveClientAddress(peer: string | null | undefined, forwardedFor: string | readonly string[] | undefined | null, trusted: TrustedProxies): string;
export declare function clientAddressFromForwardedFor(forwardedFor: string | readonly string[] | undefined | null, trusted: TrustedProxies): string;
export declare function addressLimitKey(address: string): string;
