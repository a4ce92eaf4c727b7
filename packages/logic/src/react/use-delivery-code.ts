import type { RideStatus } from '@truck4u/contracts';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api-client';

const WITH_CODE: ReadonlySet<RideStatus> = new Set(['IN_TRANSIT', 'DROPOFF_ARRIVED']);

/**
 * The recipient's delivery code, for the customer to relay while the goods travel; null at any other time (the
 * api only hands it to the ride's customer).
 */
export function useDeliveryCode(api: ApiClient, rideId: string, status: RideStatus): string | null {
  const [code, setCode] = useState<string | null>(null);
  const shown = WITH_CODE.has(status);
  useEffect(() => {
    if (!shown) return;
    let live = true;
    api.delivery
      .get(rideId)
      .then((delivery) => live && setCode(delivery.code ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, rideId, shown]);
  return shown ? code : null;
}
