'use client';
import { isApiError } from '@truck4u/logic';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

/**
 * The user-facing message for any error an api call rejected with, in the page's language. Read from the
 * messages the page already has (next-intl's `errors`), not from `@truck4u/logic`'s `errorMessage`, which
 * would bring every locale's whole catalogue into the page's JavaScript (~16 KB gzipped).
 */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return useCallback(
    (error: unknown) => {
      const code = isApiError(error) ? error.code : typeof error === 'string' ? error : 'INTERNAL_ERROR';
      // Raw: the catalogue's error sentences have no placeholders, and unknown codes get the generic one.
      return t.has(code) ? String(t.raw(code)) : String(t.raw('INTERNAL_ERROR'));
    },
    [t],
  );
}
