'use client';
import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import {
  formatTnd,
  formatWeight,
  type Locale,
  navigationUrl,
  nextDriverStatus,
  nextStopOf,
} from '@truck4u/logic';
import { useRide } from '@truck4u/logic/react';
import { useParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useDeferredValue, useEffect, useState } from 'react';
import { RideMap } from '@/components/ride-map';
import { RideTimeline, StatusBadge } from '@/components/ride-status';
import { useErrorText } from '@/components/use-error-text';
import { Link } from '@/i18n/navigation';
import { getApi, getRealtime } from '@/lib/app-client';

/** The driver's active ride: one large button for the next status and a link that opens navigation. */
export default function DriverRidePage() {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const { id } = useParams<{ id: string }>();
  // Deferred: the page re-renders with new ride data in the background (time-sliced), keeping input responsive.
  const liveState = useRide(getApi(), getRealtime(), id, { withBids: false });
  const state = useDeferredValue(liveState);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [position, setPosition] = useState<{ lat: number; lng: number } | null>(null);

  useEffect(() => {
    // While on a ride, the customer follows the truck: send the position over the socket.
    if (!('geolocation' in navigator)) return;
    let last = 0;
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        const point = { lat: p.coords.latitude, lng: p.coords.longitude };
        setPosition(point);
        if (Date.now() - last < 5_000) return;
        last = Date.now();
        getRealtime().sendLocation(point);
      },
      () => undefined,
      { enableHighAccuracy: true, maximumAge: 5_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, []);

  const ride = state.ride;
  if (!ride) {
    return state.error ? (
      <Alert color="red">{errorText(state.error)}</Alert>
    ) : (
      <Text>{t('common.loading')}</Text>
    );
  }
  const next = nextDriverStatus(ride.status);
  const stop = nextStopOf(ride.status) === 'pickup' ? ride.pickup : ride.dropoff;

  return (
    <Stack maw={720}>
      <Title order={2}>{t('driver.activeRide')}</Title>
      <StatusBadge status={ride.status} />
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {next ? (
        <Button
          size="xl"
          h={72}
          fullWidth
          data-testid="next-status"
          data-next-status={next}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await getApi().rides.setStatus(ride.id, next);
            } catch (e) {
              setError(errorText(e));
              void state.reload();
            } finally {
              setBusy(false);
            }
          }}
        >
          {t(`driver.nextStatus.${next as 'DRIVER_ARRIVING'}`)}
        </Button>
      ) : (
        ride.status === 'COMPLETED' && (
          <Alert color="green" role="status">
            {t('driver.done')}{' '}
            <Anchor component={Link} href="/driver">
              {t('nav.shift')}
            </Anchor>
          </Alert>
        )
      )}
      {ride.status !== 'COMPLETED' && ride.status !== 'CANCELLED' && (
        <Paper withBorder p="md" radius="md">
          <Text size="sm" fw={600}>
            {t('driver.nextStop')}
          </Text>
          <Text>
            <bdi>{stop.address}</bdi>
          </Text>
          <Anchor href={navigationUrl(stop)} target="_blank" rel="noopener noreferrer" data-testid="navigate">
            {t('driver.navigate')} ↗
          </Anchor>
        </Paper>
      )}
      <RideMap
        ariaLabel={t('ride.driverOnMap')}
        pickup={ride.pickup}
        dropoff={ride.dropoff}
        truck={position}
        labels={{ pickup: t('ride.from'), dropoff: t('ride.to'), truck: t('driver.online') }}
        height={260}
      />
      <Text size="sm">
        <bdi>{ride.cargo.description}</bdi> · {formatWeight(ride.cargo.weightKg, locale)}
        {ride.price !== null && ` · ${formatTnd(ride.price, locale)}`}
      </Text>
      <RideTimeline status={ride.status} entries={state.timeline} />
    </Stack>
  );
}
