import { isApiError } from '@truck4u/logic';
import { useFocusEffect } from 'expo-router';
import { useCallback, useState } from 'react';

/** Loads a screen's data each time it comes into view (tabs stay mounted), with pull-to-refresh. */
export function useFocusLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(() => {
    setLoading(true);
    load()
      .then((value) => {
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => setError(isApiError(caught) ? caught.code : 'INTERNAL_ERROR'))
      .finally(() => setLoading(false));
  }, [load]);
  useFocusEffect(reload);
  return { data, error, loading, reload };
}
