// Types for plain-html.mjs, which stays plain JavaScript because the cache handler loads it unbundled.
export declare function withoutScripts(html: string): string;
