'use client';
import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ProofStage, RideDelivery, RideStatus } from '@truck4u/contracts';
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
import { DisputeButton } from '@/components/dispute-button';
import { RideChat } from '@/components/ride-chat';
import { RideMap } from '@/components/ride-map';
import { RideProofs } from '@/components/ride-proofs';
import { RideTimeline, StatusBadge } from '@/components/ride-status';
import { StopsList } from '@/components/stops-list';
import { useErrorText } from '@/components/use-error-text';
import { Link } from '@/i18n/navigation';
import { getApi, getRealtime } from '@/lib/app-client';

/** Which photos the driver may add now: at the pickup while loading, at the dropoff once there. */
function proofStageOf(status: RideStatus): ProofStage | null {
  if (status === 'PICKUP_ARRIVED' || status === 'LOADING') return 'PICKUP';
  if (status === 'DROPOFF_ARRIVED' || status === 'COMPLETED') return 'DELIVERY';
  return null;
}

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
  const [delivery, setDelivery] = useState<RideDelivery | null>(null);
  const [code, setCode] = useState('');
  const [cashConfirmed, setCashConfirmed] = useState(false);
  const status = state.ride?.status;

  useEffect(() => {
    // Whether completing needs the recipient's code: known from IN_TRANSIT on.
    if (status !== 'IN_TRANSIT' && status !== 'DROPOFF_ARRIVED') return;
    let live = true;
    getApi()
      .delivery.get(id)
      .then((next) => live && setDelivery(next))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, status]);

  /** Runs one action of the driver's; true when it went through (an error shows and reloads the ride). */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorText(e));
      void state.reload();
      return false;
    } finally {
      setBusy(false);
    }
  }

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
  const needsCode = next === 'COMPLETED' && delivery?.hasCode === true;
  const stops = ride.stops ?? [];
  const nextStop = stops.findIndex((s) => s.status !== 'DONE');
  const stopsLeft = ride.status === 'IN_TRANSIT' && nextStop >= 0;
  // Cash is settled only once the driver says it was received (declared by the customer or not).
  const cashToConfirm =
    ride.status === 'COMPLETED' &&
    (ride.payment?.status ?? 'NONE') === 'NONE' &&
    (ride.payment?.method ?? 'CASH') === 'CASH' &&
    !cashConfirmed;
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
      {stopsLeft && (
        <Paper withBorder p="md" radius="md" data-testid="stops">
          {stops.map((s, index) => (
            <Group key={`${s.lat},${s.lng},${s.address}`} justify="space-between" wrap="nowrap" mb={4}>
              <Text size="sm" data-testid="stop" data-status={s.status}>
                {index + 1}. <bdi>{s.address}</bdi>
              </Text>
              {index === nextStop && (
                <Button
                  size="xs"
                  loading={busy}
                  data-testid={`stop-${s.status === 'PENDING' ? 'arrived' : 'done'}-${index}`}
                  onClick={() =>
                    void run(() =>
                      getApi().tracking.markStop(ride.id, index, s.status === 'PENDING' ? 'ARRIVED' : 'DONE'),
                    ).then(() => state.reload())
                  }
                >
                  {t(`stops.${s.status === 'PENDING' ? 'arrived' : 'done'}`)}
                </Button>
              )}
            </Group>
          ))}
        </Paper>
      )}
      {needsCode && (
        <TextInput
          label={t('delivery.enterCode')}
          inputMode="numeric"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          data-testid="delivery-code-input"
          dir="ltr"
        />
      )}
      {next && !stopsLeft ? (
        <Button
          size="xl"
          h={72}
          fullWidth
          data-testid="next-status"
          data-next-status={next}
          loading={busy}
          disabled={needsCode && code.length !== 6}
          onClick={() =>
            void run(() =>
              needsCode ? getApi().delivery.complete(ride.id, code) : getApi().rides.setStatus(ride.id, next),
            )
          }
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
        stops={stops}
        labels={{
          pickup: t('ride.from'),
          dropoff: t('ride.to'),
          truck: t('driver.online'),
          stop: (index) => t('routeStops.onMap', { index }),
        }}
        height={260}
      />
      {/* The whole route before and after the stops are worked (the list above, with its buttons, in transit). */}
      {!stopsLeft && <StopsList stops={stops} />}
      <Text size="sm">
        <bdi>{ride.cargo.description}</bdi> · {formatWeight(ride.cargo.weightKg, locale)}
        {ride.price !== null && ` · ${formatTnd(ride.price, locale)}`}
      </Text>
      {cashToConfirm && (
        <Button
          variant="light"
          color="green.9"
          loading={busy}
          data-testid="confirm-cash"
          onClick={() =>
            void run(() => getApi().cash.confirm(ride.id)).then((done) => done && setCashConfirmed(true))
          }
        >
          {t('payment.confirmCash')}
        </Button>
      )}
      {cashConfirmed && (
        <Text role="status" data-testid="cash-confirmed">
          {t('payment.cashConfirmed')}
        </Text>
      )}
      <RideProofs rideId={ride.id} uploadStage={proofStageOf(ride.status)} />
      {ride.status !== 'CANCELLED' && <RideChat rideId={ride.id} me="driver" />}
      <RideTimeline status={ride.status} entries={state.timeline} />
      <DisputeButton rideId={ride.id} />
    </Stack>
  );
}
