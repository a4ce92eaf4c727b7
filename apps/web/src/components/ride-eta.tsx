'use client';
import { Text } from '@mantine/core';
import type { RideStatus } from '@truck4u/contracts';
import { formatDistance, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { getApi, getRealtime } from '@/lib/app-client';

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
  const t = useTranslations('eta');
  const locale = useLocale() as Locale;
  const [eta, setEta] = useState<{ etaSeconds: number; distanceLeftMeters: number } | null>(null);
  const tracked = TRACKED.has(props.status);
  useEffect(() => {
    if (!tracked) return;
    let live = true;
    getApi()
      .tracking.ride(props.rideId)
      .then((tracking) => {
        if (live && tracking.etaSeconds !== null && tracking.distanceLeftMeters !== null) {
          setEta({ etaSeconds: tracking.etaSeconds, distanceLeftMeters: tracking.distanceLeftMeters });
        }
      })
      .catch(() => undefined);
    const off = getRealtime().on('ride:eta', (event) => {
      if (event.rideId === props.rideId) setEta(event);
    });
    return () => {
      live = false;
      off();
    };
  }, [props.rideId, tracked]);
  if (!tracked || !eta) return null;
  const minutes = Math.max(1, Math.round(eta.etaSeconds / 60));
  return (
    <Text fw={700} data-testid="ride-eta" data-eta-seconds={eta.etaSeconds} aria-live="polite">
      {t(BEFORE_PICKUP.has(props.status) ? 'toPickup' : 'toDropoff', { minutes })} ·{' '}
      {t('distanceLeft', { distance: formatDistance(eta.distanceLeftMeters, locale) })}
    </Text>
  );
}
