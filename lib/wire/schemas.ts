// What an admin sends to create a wire source, and the Wire view's filters.

import { z } from "zod";

import { WIRE_SOURCE_CREDIT_REQUIRED, WIRE_SOURCE_NAME_REQUIRED } from "@/lib/wire/sentences";

const NO_CONTROL = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const createWireSourceSchema = z.object({
  name: z.string({ error: WIRE_SOURCE_NAME_REQUIRED }).trim().min(1, { error: WIRE_SOURCE_NAME_REQUIRED }).max(80).refine(NO_CONTROL, { error: WIRE_SOURCE_NAME_REQUIRED }),
  credit: z
    .string({ error: WIRE_SOURCE_CREDIT_REQUIRED })
    .trim()
    .min(1, { error: WIRE_SOURCE_CREDIT_REQUIRED })
    .max(120)
    .refine(NO_CONTROL, { error: WIRE_SOURCE_CREDIT_REQUIRED }),
});

export type CreateWireSourceInput = z.infer<typeof createWireSourceSchema>;

export const wireFiltersSchema = z.object({
  source: z.uuid().optional().catch(undefined),
  urgency: z.coerce.number().int().min(0).max(9).optional().catch(undefined),
});

export type WireFilters = z.infer<typeof wireFiltersSchema>;
