import { describe, expect, it } from "vitest";

import { formText, textValue } from "./values";

describe("request values", () => {
  it("read a query parameter: the first of several, undefined when there is none", () => {
    expect(textValue("a")).toBe("a");
    expect(textValue(["a", "b"])).toBe("a");
    expect(textValue(undefined)).toBeUndefined();
    expect(textValue([])).toBeUndefined();
  });

  it("read a form field: empty when absent or a file", () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("name", "Grace");
    form.append("file", new Blob(["x"]), "x.txt");
    expect(formText(form, "name")).toBe("Ada");
    expect(formText(form, "file")).toBe("");
    expect(formText(form, "missing")).toBe("");
  });
});
