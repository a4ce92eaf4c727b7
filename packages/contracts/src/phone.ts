import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Normalises a phone number to E.164. Numbers without a country code are read as Tunisian,
 * the market Truck4u serves; foreign numbers are accepted when written with their country code.
 */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'TN');
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

export const phoneSchema = z
  .string()
  .min(4)
  .max(32)
  .transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid phone number (Tunisian numbers may omit +216)' });
      return z.NEVER;
    }
    return normalized;
  });
