import type { RideStatus } from '@truck4u/contracts';
import { formatDistance } from '@truck4u/logic';
import { useEffect, useState } from 'react';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

const TRACKED: ReadonlySet<RideStatus> = new Set([
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
]);
const BEFORE_PICKUP: ReadonlySet<RideStatus> = new Set(['BID_ACCEPTED', 'DRIVER_ARRIVING']);

/** Time and road distance left to the pickup, then to the dropoff: read once, then live from `ride:eta`. */
export function RideEta(props: { rideId: string; status: RideStatus }) {
  const { t, locale, format } = useI18n();
  const { api, realtime } = useServices();
  const [eta, setEta] = useState<{ etaSeconds: number; distanceLeftMeters: number } | null>(null);
  const tracked = TRACKED.has(props.status);
  useEffect(() => {
    if (!tracked) return;
    let live = true;
    api.tracking
      .ride(props.rideId)
      .then((tracking) => {
        if (live && tracking.etaSeconds !== null && tracking.distanceLeftMeters !== null) {
          setEta({ etaSeconds: tracking.etaSeconds, distanceLeftMeters: tracking.distanceLeftMeters });
        }
      })
      .catch(() => undefined);
    const off = realtime.on('ride:eta', (event) => {
      if (event.rideId === props.rideId) setEta(event);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, realtime, props.rideId, tracked]);
  if (!tracked || !eta) return null;
  const minutes = Math.max(1, Math.round(eta.etaSeconds / 60));
  return (
    <Text
      style={{ fontWeight: '700' }}
      testID="ride-eta"
      dataSet={{ etaSeconds: eta.etaSeconds }}
      accessibilityLiveRegion="polite"
    >
      {format(BEFORE_PICKUP.has(props.status) ? t.eta.toPickup : t.eta.toDropoff, { minutes })} ·{' '}
      {format(t.eta.distanceLeft, { distance: formatDistance(eta.distanceLeftMeters, locale) })}
    </Text>
  );
}
