// Types for csp.mjs, which stays plain JavaScript because the cache handler loads it unbundled.
export declare function buildContentSecurityPolicy(scriptSources: readonly string[]): string;
export declare function noncePolicy(nonce: string): string;
export declare function hashPolicy(hashes: readonly string[]): string;
export declare function inlineScriptHashes(html: string): string[];
export declare function nonceFromPolicy(policy: string | string[] | undefined | null): string | undefined;
export declare function renderedNonce(html: string): string | undefined;
export declare function isExecutableScript(attributes: string): boolean;
export declare function scriptFreePolicy(): string;
export declare const SCRIPT_ELEMENT: RegExp;
export declare function attributeValue(tag: string, name: string): string | null;
