import { describe, expect, it } from "vitest";
import { z } from "zod";

import { fieldErrorsOf } from "./errors";

describe("fieldErrorsOf", () => {
  it("groups a validation failure's messages by their field, in order, with whole-input ones under form", () => {
    const schema = z.object({ name: z.string().min(2, "Too short.").regex(/^[a-z]+$/, "Letters only."), tags: z.array(z.string().max(3, "Tag too long.")) });
    const result = schema.safeParse({ name: "1", tags: ["ok", "toolong"] });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({ name: ["Too short.", "Letters only."], tags: ["Tag too long."] });
    const whole = z.object({ a: z.string() }).refine(() => false, "Never valid.").safeParse({ a: "x" });
    expect(fieldErrorsOf(whole.error!)).toEqual({ form: ["Never valid."] });
  });
});
