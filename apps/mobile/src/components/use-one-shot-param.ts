import { useLocalSearchParams, useRouter } from 'expo-router';
import { useEffect, useState } from 'react';

/**
 * Counts the times the screen was opened with `name=1`, a request made once by a tapped notification (`chat=1`:
 * show the chat; services/notification-routing.ts). The param is cleared each time: tab screens stay mounted, so
 * without that the same tap made again would leave the params as they were and go unnoticed.
 */
export function useOneShotParam(name: string): number {
  const value = useLocalSearchParams<Record<string, string>>()[name];
  const router = useRouter();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (value !== '1') return;
    setCount((current) => current + 1);
    router.setParams({ [name]: undefined });
  }, [value, name, router]);
  return count;
}
