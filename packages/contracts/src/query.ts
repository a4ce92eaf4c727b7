import { z } from 'zod';

/**
 * A number read from the query string. `z.coerce.number()` turns a missing or non-numeric value into NaN and
 * reports "received NaN"; this says which it was. Put `.optional()` or `.default()` on the inner schema, not on
 * the result: outside, the default would be missing from the OpenAPI document.
 */
export function queryNumber<T extends z.ZodType<number | undefined>>(schema: T) {
  const isRequired = !schema.safeParse(undefined).success;
  return z.preprocess((value, ctx) => {
    if (value === undefined) {
      if (!isRequired) return undefined;
      ctx.addIssue({ code: 'custom', message: 'required: this query parameter takes a number' });
      return z.NEVER;
    }
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (Number.isNaN(parsed)) {
      ctx.addIssue({
        code: 'custom',
        message: Array.isArray(value) ? 'give this query parameter once' : 'must be a number',
      });
      return z.NEVER;
    }
    return parsed;
  }, schema);
}
