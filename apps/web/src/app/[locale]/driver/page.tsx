'use client';
import { Alert, Anchor, Badge, Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import type { DriverProfile } from '@truck4u/contracts';
import {
  ACTIVE_RIDE_STATUSES,
  type DriverShiftState,
  formatDistance,
  formatTime,
  formatTnd,
  formatWeight,
  type Locale,
  parseTndToMillimes,
  type RideRequest,
  type WatchPosition,
} from '@truck4u/logic';
import { useDriverShift } from '@truck4u/logic/react';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';
import { useSession } from '@/components/use-session';
import { Link, useRouter } from '@/i18n/navigation';
import { getApi, getRealtime } from '@/lib/app-client';

/** Browser geolocation as the shift store's position source. */
const watchBrowserPosition: WatchPosition = (onPosition, onError) => {
  if (!('geolocation' in navigator)) {
    onError('UNAVAILABLE');
    return () => undefined;
  }
  const id = navigator.geolocation.watchPosition(
    (p) =>
      onPosition({
        lat: p.coords.latitude,
        lng: p.coords.longitude,
        ...(p.coords.heading !== null && !Number.isNaN(p.coords.heading)
          ? { heading: p.coords.heading }
          : {}),
        ...(p.coords.speed !== null ? { speedKmh: Math.min(250, Math.max(0, p.coords.speed * 3.6)) } : {}),
      }),
    (e) => onError(e.code === e.PERMISSION_DENIED ? 'DENIED' : 'UNAVAILABLE'),
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 20_000 },
  );
  return () => navigator.geolocation.clearWatch(id);
};

function RequestCard(props: {
  request: RideRequest;
  /** `priceTnd` null: bid at the customer's offered price. */
  onBid: (priceTnd: string | null, eta: number) => Promise<void>;
  onNegotiate: (action: () => Promise<void>) => Promise<void>;
  shift: {
    respondToCounter: DriverShiftState['respondToCounter'];
    withdrawBid: DriverShiftState['withdrawBid'];
  };
}) {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const { ride, distanceMeters, bidDeadline, myBid } = props.request;
  const [price, setPrice] = useState<string>(String(Math.round(ride.priceEstimate / 1000)));
  const [eta, setEta] = useState<number>(15);
  const [busy, setBusy] = useState(false);
  return (
    <Card withBorder radius="md" data-testid="request-card" data-ride-id={ride.id} component="article">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700}>
            <bdi>{ride.pickup.address.split(',')[0]}</bdi> → <bdi>{ride.dropoff.address.split(',')[0]}</bdi>
          </Text>
          <Text fw={700} c="indigo.8" style={{ whiteSpace: 'nowrap' }}>
            {formatTnd(ride.priceEstimate, locale)}
          </Text>
        </Group>
        <Text size="sm">
          {distanceMeters !== null &&
            t('driver.distanceToPickup', { distance: formatDistance(distanceMeters, locale) })}
          {' · '}
          {formatDistance(ride.distanceMeters, locale)} · {t(`vehicle.${ride.vehicleType}`)}
        </Text>
        <Text size="sm">
          <bdi>{ride.cargo.description}</bdi> · {formatWeight(ride.cargo.weightKg, locale)}
          {ride.loadAssistance ? ` · ${t('post.loadAssistance')}` : ''}
        </Text>
        {bidDeadline && (
          <Text size="sm" c="red.9">
            {t('driver.deadline', { time: formatTime(bidDeadline, locale) })}
          </Text>
        )}
        {ride.offeredPrice != null && (
          <Text size="sm" fw={600} data-testid="offered-price">
            {t('negotiation.offered', { price: formatTnd(ride.offeredPrice, locale) })}
          </Text>
        )}
        {ride.priceBand && (
          <Text size="xs" c="dimmed" data-testid="price-band">
            {t('negotiation.band', {
              low: formatTnd(ride.priceBand.low, locale),
              high: formatTnd(ride.priceBand.high, locale),
            })}
          </Text>
        )}
        {myBid && myBid.status !== 'COUNTERED' && (
          <Group gap="xs">
            <Text size="sm" c="green.9" role="status">
              {t('driver.bidSent', { price: formatTnd(myBid.price, locale) })}
            </Text>
            {myBid.status === 'PENDING' && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red.8"
                data-testid="withdraw-bid"
                onClick={() => void props.onNegotiate(() => props.shift.withdrawBid(ride.id, myBid.id))}
              >
                {t('negotiation.withdraw')}
              </Button>
            )}
          </Group>
        )}
        {myBid?.status === 'COUNTERED' && myBid.counterPrice != null && (
          <Group gap="xs" data-testid="counter-offer">
            <Text size="sm" fw={600} c="indigo.8">
              {t('negotiation.counterFromCustomer', { price: formatTnd(myBid.counterPrice, locale) })}
            </Text>
            <Button
              size="compact-sm"
              data-testid="counter-accept"
              onClick={() =>
                void props.onNegotiate(() => props.shift.respondToCounter(ride.id, myBid.id, true))
              }
            >
              {t('negotiation.acceptCounter')}
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              data-testid="counter-decline"
              onClick={() =>
                void props.onNegotiate(() => props.shift.respondToCounter(ride.id, myBid.id, false))
              }
            >
              {t('negotiation.declineCounter')}
            </Button>
          </Group>
        )}
        {ride.offeredPrice != null && !myBid && (
          <Button
            variant="light"
            data-testid="accept-offered"
            onClick={() => {
              setBusy(true);
              void props.onBid(null, eta).finally(() => setBusy(false));
            }}
          >
            {t('negotiation.acceptOffered')}
          </Button>
        )}
        <Group
          align="flex-end"
          gap="xs"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            setBusy(true);
            void props.onBid(price, eta).finally(() => setBusy(false));
          }}
        >
          <NumberInput
            label={t('driver.yourBid')}
            min={1}
            step={1}
            decimalScale={3}
            value={price}
            onChange={(v) => setPrice(String(v))}
            data-testid="bid-price"
            w={130}
          />
          <NumberInput
            label={t('driver.etaMinutes')}
            min={1}
            max={1440}
            value={eta}
            onChange={(v) => setEta(Number(v) || 1)}
            data-testid="bid-eta"
            w={110}
          />
          <Button type="submit" loading={busy} data-testid="bid-submit">
            {t('driver.sendBid')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export default function ShiftPage() {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const router = useRouter();
  const session = useSession();
  const profile = session.user as DriverProfile;
  const shift = useDriverShift(getApi(), getRealtime(), watchBrowserPosition, profile.isOnline);
  const [error, setError] = useState<string | null>(null);
  const [activeRideId, setActiveRideId] = useState<string | null>(null);
  const [minimum, setMinimum] = useState<number | null>(null);

  useEffect(() => {
    // A ride already under way (after a reload): offer to go back to it.
    void getApi()
      .rides.list({ status: ACTIVE_RIDE_STATUSES, limit: 1 })
      .then((page) => setActiveRideId(page.items[0]?.id ?? null))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    // Accepted: straight to the active ride page.
    if (shift.activeRideId) router.push(`/driver/rides/${shift.activeRideId}`);
  }, [shift.activeRideId, router]);

  useEffect(() => {
    if (shift.error === 'BALANCE_BELOW_MINIMUM') {
      void getApi()
        .wallet.get()
        .then((w) => setMinimum(w.minimumBalanceToGoOnline ?? null))
        .catch(() => undefined);
    }
  }, [shift.error]);

  const shiftError =
    shift.error === 'GEO_DENIED' || shift.error === 'GEO_UNAVAILABLE'
      ? t('driver.geoRefused')
      : shift.error === 'BALANCE_BELOW_MINIMUM' && minimum !== null
        ? t('driver.belowMinimum', { minimum: formatTnd(minimum, locale) })
        : shift.error
          ? errorText(shift.error)
          : null;

  return (
    <Stack maw={720}>
      <Group justify="space-between">
        <Title order={2}>{t('driver.shiftTitle')}</Title>
        <Group gap="sm">
          <Badge size="lg" color={shift.online ? 'green.9' : 'gray.7'} role="status">
            {shift.online ? `● ${t('driver.online')}` : t('driver.offline')}
          </Badge>
          <Button
            size="lg"
            color={shift.online ? 'gray.8' : 'green.9'}
            variant={shift.online ? 'outline' : 'filled'}
            aria-pressed={shift.online}
            loading={shift.busy}
            onClick={() => void (shift.online ? shift.goOffline() : shift.goOnline())}
            data-testid="online-toggle"
            data-online={shift.online}
          >
            {shift.online ? t('driver.goOffline') : t('driver.goOnline')}
          </Button>
        </Group>
      </Group>
      {shift.busy && <Text size="sm">{t('driver.locating')}</Text>}
      {shiftError && (
        <Alert color="red" role="alert">
          {shiftError}{' '}
          {shift.error === 'BALANCE_BELOW_MINIMUM' && (
            <Anchor component={Link} href="/driver/wallet">
              {t('wallet.topUp')}
            </Anchor>
          )}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {activeRideId && (
        <Button component={Link} href={`/driver/rides/${activeRideId}`} variant="light">
          {t('driver.openActive')}
        </Button>
      )}
      <Title order={3} size="h4">
        {t('driver.requests')}
      </Title>
      <Stack gap="sm" aria-live="polite">
        {shift.online && shift.requests.length === 0 && <Text c="dimmed">{t('driver.noRequests')}</Text>}
        {shift.requests.map((request) => (
          <RequestCard
            key={request.ride.id}
            request={request}
            shift={shift}
            onNegotiate={async (action) => {
              setError(null);
              try {
                await action();
              } catch (e) {
                setError(errorText(e));
              }
            }}
            onBid={async (priceTnd, eta) => {
              setError(null);
              const millimes = priceTnd === null ? null : parseTndToMillimes(priceTnd);
              if (priceTnd !== null && millimes === null) {
                setError(errorText('VALIDATION_FAILED'));
                return;
              }
              try {
                await shift.placeBid(request.ride.id, millimes, eta);
              } catch (e) {
                setError(errorText(e));
              }
            }}
          />
        ))}
      </Stack>
    </Stack>
  );
}
