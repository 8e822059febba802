// HTML built as strings, for the reader pages that skip React's render (docs/caching.md, "A story
// page that is not in the cache"; docs/fast-paths.md, "The story page written as HTML"). Every
// value put into the `html` template is escaped, so a headline, a name or a comment cannot become
// markup; only what this module's own templates made (an `Html`) or `trustedHtml` (HTML built by
// an escaping renderer, such as the story body's) goes in as it is.

import { escapeHtml } from "@/lib/feeds/html";

/** HTML that is already safe: made by `html`, or handed over by `trustedHtml`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly Value[]).map(render).join("");
  return escapeHtml(String(value));
}

/** A template whose every value is escaped (arrays joined, null, undefined and false left out). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let index = 0; index < values.length; index += 1) out += render(values[index]!) + strings[index + 1]!;
  return new Html(out);
}

/** HTML from a renderer that escapes everything it is given (documentToHtml, serializeJsonLd). */
export function trustedHtml(value: string): Html {
  return new Html(value);
}

/** ` name="value"` for each attribute that has a value; none for null, undefined or false. */
export function attributes(attrs: Record<string, string | number | true | null | undefined | false>): Html {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}=""` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return new Html(out);
}
