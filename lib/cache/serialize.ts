// Next's data cache stores a loader's result as JSON, which would hand back a Date as a string.
// Reader loaders return Dates (publishedAt, updatedAt), so cached results carry them tagged and
// get them back as Dates. Values must otherwise be plain JSON: objects, arrays, strings, numbers,
// booleans, null.

const DATE_KEY = "$newsdeskDate";

/** The result as a JSON string with every Date tagged. */
export function encodeCachedValue(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, current: unknown) {
    // `current` has already been through Date#toJSON; the holder still has the Date itself.
    const original = this[key];
    if (original instanceof Date) return { [DATE_KEY]: Number.isNaN(original.getTime()) ? null : original.toISOString() };
    return current;
  }) ?? "null";
}

/** The value encodeCachedValue stored, with its Dates back. */
export function decodeCachedValue<T>(text: string): T {
  return JSON.parse(text, (_key, current: unknown) => {
    if (current !== null && typeof current === "object" && !Array.isArray(current)) {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === DATE_KEY) {
        const iso = record[DATE_KEY];
        return typeof iso === "string" ? new Date(iso) : new Date(Number.NaN);
      }
    }
    return current;
  }) as T;
}
