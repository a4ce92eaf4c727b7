import type { RideStatus } from '@truck4u/contracts';
import { formatDistance } from '@truck4u/logic';
import { useRideEta } from '@truck4u/logic/react';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/** Time and road distance left to the pickup, then to the dropoff, live. */
export function RideEta(props: { rideId: string; status: RideStatus }) {
  const { t, locale, format } = useI18n();
  const { api, realtime } = useServices();
  const eta = useRideEta(api, realtime, props.rideId, props.status);
  if (!eta) return null;
  return (
    <Text
      style={{ fontWeight: '700' }}
      testID="ride-eta"
      dataSet={{ etaSeconds: eta.etaSeconds }}
      accessibilityLiveRegion="polite"
    >
      {format(eta.toPickup ? t.eta.toPickup : t.eta.toDropoff, { minutes: eta.minutes })} ·{' '}
      {format(t.eta.distanceLeft, { distance: formatDistance(eta.distanceLeftMeters, locale) })}
    </Text>
  );
}
