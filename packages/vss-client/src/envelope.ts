import { z } from "zod";

// Wire shapes of the answers (docs/upstream-api.md "Lists and their envelope"). All `looseObject`: upstream may add
// fields at any time and that must not break a sync. Items are checked one by one in iso-image.ts so an
// error can name the item; here `data` is only required to be an array.

const url = z.string().nullable().optional();

export const listEnvelopeSchema = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.looseObject({
    count: z.number().int().nonnegative().optional(),
    // Optional: the seed page's personal store answers without it, and then the answer is one complete
    // page holding the whole listing (list-answer.ts). When present it must be complete.
    pages: z
      .looseObject({
        page: z.number().int().positive(),
        pages: z.number().int().nonnegative(),
        per_page: z.number().int().positive(),
        total: z.number().int().nonnegative(),
        next_url: url,
        prev_url: url,
        first_url: url,
        last_url: url,
      })
      .optional(),
  }),
});
export type ListEnvelope = z.infer<typeof listEnvelopeSchema>;

export const singleEnvelopeSchema = z.looseObject({ data: z.unknown() });

export const tokenAnswerSchema = z.looseObject({
  token: z.string().min(1),
  exp: z.number().optional(),
  duration: z.number().optional(),
});

export const syncAcceptedSchema = z.looseObject({
  data: z.looseObject({
    request: z.looseObject({ id: z.number().int(), status: z.string().optional() }),
  }),
});

export const syncRequestSchema = z.looseObject({
  data: z.looseObject({
    id: z.number().int(),
    status: z.string(),
    type: z.string().optional(),
    task_id: z.string().nullable().optional(),
    created_on: z.string().nullable().optional(),
    updated_on: z.string().nullable().optional(),
    added: z.unknown().optional(),
    deleted: z.unknown().optional(),
    message: z
      .looseObject({ warnings: z.array(z.unknown()).optional(), errors: z.array(z.unknown()).optional() })
      .nullable()
      .optional(),
  }),
});
