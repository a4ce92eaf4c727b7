import type { RideStatus } from '@truck4u/contracts';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api-client';
import type { Realtime } from '../realtime';

const TRACKED: ReadonlySet<RideStatus> = new Set([
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
]);
const BEFORE_PICKUP: ReadonlySet<RideStatus> = new Set(['BID_ACCEPTED', 'DRIVER_ARRIVING']);

export interface RideEtaView {
  etaSeconds: number;
  distanceLeftMeters: number;
  /** Whole minutes, at least one: "0 min" reads as "arrived", which only the driver's status may say. */
  minutes: number;
  /** The truck is still on its way to the pickup (otherwise to the dropoff). */
  toPickup: boolean;
}

/**
 * Time and road distance left to the pickup, then to the dropoff: read once, then live from `ride:eta`. Null
 * while the ride is not moving or before the first estimate.
 */
export function useRideEta(
  api: ApiClient,
  realtime: Realtime,
  rideId: string,
  status: RideStatus,
): RideEtaView | null {
  const [eta, setEta] = useState<{ etaSeconds: number; distanceLeftMeters: number } | null>(null);
  const tracked = TRACKED.has(status);
  useEffect(() => {
    if (!tracked) return;
    let live = true;
    api.tracking
      .ride(rideId)
      .then((tracking) => {
        if (live && tracking.etaSeconds !== null && tracking.distanceLeftMeters !== null) {
          setEta({ etaSeconds: tracking.etaSeconds, distanceLeftMeters: tracking.distanceLeftMeters });
        }
      })
      .catch(() => undefined);
    const off = realtime.on('ride:eta', (event) => {
      if (event.rideId === rideId) setEta(event);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, realtime, rideId, tracked]);
  if (!tracked || !eta) return null;
  return {
    etaSeconds: eta.etaSeconds,
    distanceLeftMeters: eta.distanceLeftMeters,
    minutes: Math.max(1, Math.round(eta.etaSeconds / 60)),
    toPickup: BEFORE_PICKUP.has(status),
  };
}
