'use client';
import { errorMessage, isApiError, type Locale } from '@truck4u/logic';
import { useLocale } from 'next-intl';
import { useCallback } from 'react';

/** The user-facing message for any error an api call rejected with, in the page's language. */
export function useErrorText(): (error: unknown) => string {
  const locale = useLocale() as Locale;
  return useCallback(
    (error: unknown) =>
      errorMessage(
        isApiError(error) ? error.code : typeof error === 'string' ? error : 'INTERNAL_ERROR',
        locale,
      ),
    [locale],
  );
}
