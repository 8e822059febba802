// The text a request carried, read one way: query parameters (a page's searchParams, which hold a
// list when a name is repeated) and form fields (FormData). A file or anything else that is not
// text counts as absent; of several values, the first counts.

/** The text of a query parameter (or any value a request carried), or undefined when there is none. */
export function textValue(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : undefined;
}

/** The text of the form's field `name`; "" when the form did not send it (or sent a file). */
export function formText(form: FormData, name: string): string {
  return textValue(form.get(name)) ?? "";
}
