import type { ErrorCode } from '@truck4u/contracts';
import type { ClientErrorCode } from '../api-error';
import type { Locale } from '../format';
import { ar } from './ar';
import { en } from './en';
import { fr, type Messages } from './fr';

export type { Messages };
export const catalogues: Record<Locale, Messages> = { fr, ar, en };

/** Replaces `{name}` placeholders (the ICU subset the catalogues use, so mobile needs no ICU runtime). */
export function interpolate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The user-facing message of an error code in a locale; unknown codes fall back to the generic one. */
export function errorMessage(code: string, locale: Locale): string {
  const errors = catalogues[locale].errors as Record<ErrorCode | ClientErrorCode, string>;
  return errors[code as ErrorCode] ?? errors.INTERNAL_ERROR;
}
