import { ACTIVE_RIDE_STATUSES, isApiError, type RideRequest } from '@truck4u/logic';
import { useEffect, useState } from 'react';
import { useAppSession, useServices } from '../services/services-context';

/**
 * What became of the request a tapped notification named (`/driver?request=<rideId>`):
 * `listed` among the shift's open requests; `closed`, taken by another driver, cancelled or out of time;
 * `won`, this driver's bid was accepted meanwhile; `unknown` while that is being found out, or when it could
 * not be (offline), which says nothing rather than something wrong.
 */
export type TappedRequestState = 'listed' | 'closed' | 'won' | 'unknown';

type Outcome = 'open' | 'closed' | 'won';

/**
 * Follows the tapped request. The shift's list of open requests is empty until it has loaded, and a request
 * also leaves it when this driver withdraws their bid, so an absence alone proves nothing: the ride itself is
 * asked for whenever the request is not (or no longer) listed.
 */
export function useTappedRequest(
  rideId: string | undefined,
  requests: RideRequest[],
): TappedRequestState | null {
  const { api } = useServices();
  const { user } = useAppSession();
  const userId = user?.id;
  const listed = rideId !== undefined && requests.some((request) => request.ride.id === rideId);
  const [lookup, setLookup] = useState<{ rideId: string; outcome: Outcome } | null>(null);

  useEffect(() => {
    if (!rideId || listed) return;
    let live = true;
    setLookup(null);
    api.rides
      .get(rideId)
      .then((ride) => {
        if (!live) return;
        const outcome: Outcome =
          ride.status === 'PENDING_BIDS'
            ? 'open'
            : ride.driverId === userId && ACTIVE_RIDE_STATUSES.includes(ride.status)
              ? 'won'
              : 'closed';
        setLookup({ rideId, outcome });
      })
      .catch((caught: unknown) => {
        // Once a ride stops taking bids the api hides it from the drivers it was offered to
        // (apps/api/src/modules/rides/ride-visibility.ts): not found means no longer open.
        if (live && isApiError(caught) && (caught.code === 'NOT_FOUND' || caught.code === 'FORBIDDEN')) {
          setLookup({ rideId, outcome: 'closed' });
        }
      });
    return () => {
      live = false;
    };
  }, [api, rideId, listed, userId]);

  if (!rideId) return null;
  if (listed) return 'listed';
  // Still open but not listed (the list is loading): the card shows up with it.
  if (lookup?.rideId !== rideId || lookup.outcome === 'open') return 'unknown';
  return lookup.outcome;
}
