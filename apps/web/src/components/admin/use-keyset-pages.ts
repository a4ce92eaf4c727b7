'use client';
import { type Dispatch, type SetStateAction, useCallback, useEffect, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';

export interface KeysetPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface KeysetPages<T> {
  rows: T[];
  /** For rows an action changed in place (a suspension, a refund), without reloading the list. */
  setRows: Dispatch<SetStateAction<T[]>>;
  /** The cursor of the next page; undefined once the last page is shown. */
  next: string | undefined;
  busy: boolean;
  error: string | null;
  /** For an action on a row that failed: shown where a failed page load is. */
  setError: Dispatch<SetStateAction<string | null>>;
  loadMore(): void;
}

/**
 * A list the admin api pages by keyset cursor. `fetchPage` carries the filters: when it changes (a new
 * useCallback identity), the list starts again from its first page; `loadMore` appends the next one.
 */
export function useKeysetPages<T>(fetchPage: (cursor?: string) => Promise<KeysetPage<T>>): KeysetPages<T> {
  const errorText = useErrorText();
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      setError(null);
      try {
        const page = await fetchPage(cursor);
        setRows((previous) => (cursor ? [...previous, ...page.items] : page.items));
        setNext(page.nextCursor ?? undefined);
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [fetchPage, errorText],
  );

  useEffect(() => {
    void load();
  }, [load]);

  return { rows, setRows, next, busy, error, setError, loadMore: () => void load(next) };
}

/** A filter form's draft without its empty fields, so the query string carries only what was chosen. */
export function withoutBlankFields<F extends object>(draft: F): F {
  return Object.fromEntries(
    Object.entries(draft).filter(([, value]) => value !== undefined && value !== ''),
  ) as F;
}
