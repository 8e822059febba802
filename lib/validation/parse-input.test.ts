import { describe, expect, it } from "vitest";
import { z } from "zod";

import { AppError } from "@/lib/errors";

import { parseInput } from "./parse-input";
import { isUuid, UUID_PATTERN } from "./uuid";

const schema = z.object({ id: z.string().regex(new RegExp(`^${UUID_PATTERN}$`)), ids: z.array(z.uuid()).min(1, "Pick one."), name: z.string().min(2, "Too short.") });
const ID = "0b7c4a8e-3f1d-4c2a-9e6b-5d8f7a1c2b3e";

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseInput", () => {
  it("returns the schema's output", () => {
    expect(parseInput(schema, { id: ID, ids: [ID], name: "Ada" })).toEqual({ id: ID, ids: [ID], name: "Ada" });
  });

  it("refuses with INVALID_INPUT, every field's messages, and the first problem's words by default", () => {
    const error = refusal(() => parseInput(schema, { id: ID, ids: [], name: "A" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe("Pick one.");
    expect(error.fieldErrors).toEqual({ ids: ["Pick one."], name: ["Too short."] });
  });

  it("says a fixed sentence, or one made from the field errors, when asked", () => {
    expect(refusal(() => parseInput(schema, { id: ID, ids: [ID], name: "" }, { message: "Check the form." })).message).toBe("Check the form.");
    expect(refusal(() => parseInput(schema, { id: ID, ids: [ID], name: "" }, { message: (errors) => `name: ${errors.name?.[0]}` })).message).toBe("name: Too short.");
  });

  it("gives a field's own refusal first: an id that is not an id names nothing", () => {
    const notFound = () => new AppError("NOT_FOUND", "That does not exist.");
    expect(refusal(() => parseInput(schema, { id: "nope", ids: [], name: "" }, { fieldRefusals: { id: notFound } })).code).toBe("NOT_FOUND");
    // "ids.*" is an item of the list, not the list itself.
    expect(refusal(() => parseInput(schema, { id: ID, ids: ["nope"], name: "Ada" }, { fieldRefusals: { "ids.*": notFound } })).code).toBe("NOT_FOUND");
    expect(refusal(() => parseInput(schema, { id: ID, ids: [], name: "Ada" }, { fieldRefusals: { "ids.*": notFound } })).code).toBe("INVALID_INPUT");
  });
});

describe("isUuid", () => {
  it("accepts what PostgreSQL casts to uuid, in either case, and nothing else", () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(ID.toUpperCase())).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(isUuid(`${ID}x`)).toBe(false);
    expect(isUuid(` ${ID}`)).toBe(false);
    expect(isUuid("")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid([ID])).toBe(false);
  });
});
