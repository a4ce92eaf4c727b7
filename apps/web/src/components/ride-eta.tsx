'use client';
import { Text } from '@mantine/core';
import type { RideStatus } from '@truck4u/contracts';
import { formatDistance, type Locale } from '@truck4u/logic';
import { useRideEta } from '@truck4u/logic/react';
import { useLocale, useTranslations } from 'next-intl';
import { getApi, getRealtime } from '@/lib/app-client';

/** Time and road distance left to the pickup, then to the dropoff: read once, then live from `ride:eta`. */
export function RideEta(props: { rideId: string; status: RideStatus }) {
  const t = useTranslations('eta');
  const locale = useLocale() as Locale;
  const eta = useRideEta(getApi(), getRealtime(), props.rideId, props.status);
  if (!eta) return null;
  return (
    <Text fw={700} data-testid="ride-eta" data-eta-seconds={eta.etaSeconds} aria-live="polite">
      {t(eta.toPickup ? 'toPickup' : 'toDropoff', { minutes: eta.minutes })} ·{' '}
      {t('distanceLeft', { distance: formatDistance(eta.distanceLeftMeters, locale) })}
    </Text>
  );
}
