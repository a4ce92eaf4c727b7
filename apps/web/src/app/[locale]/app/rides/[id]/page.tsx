'use client';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { BidWithDriver, RidePaymentMethod } from '@truck4u/contracts';
import { formatDateTime, formatTnd, formatWeight, type Locale, newIdempotencyKey } from '@truck4u/logic';
import { useRide } from '@truck4u/logic/react';
import { BidCard as SharedBidCard } from '@truck4u/ui';
import { useParams, useSearchParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { memo, Suspense, useDeferredValue, useRef, useState } from 'react';
import { DeliveryCodeNotice } from '@/components/delivery-code-notice';
import { DisputeButton } from '@/components/dispute-button';
import { FavouriteToggle } from '@/components/favourite-toggle';
import { useRuntimeConfig } from '@/components/providers';
import { RideRatingForm } from '@/components/rating-criteria-form';
import { RideChat } from '@/components/ride-chat';
import { RideEta } from '@/components/ride-eta';
import { RideMap } from '@/components/ride-map';
import { RideProofs } from '@/components/ride-proofs';
import { RideTimeline, StatusBadge } from '@/components/ride-status';
import { ShareLinkPanel } from '@/components/share-link-panel';
import { StopsList } from '@/components/stops-list';
import { useErrorText } from '@/components/use-error-text';
import { getApi, getRealtime } from '@/lib/app-client';

/** packages/ui's bid card (the phone app's), with the web's negotiation controls inside it. */
function BidCard(props: {
  bid: BidWithDriver;
  onAccept: () => void;
  onCounter: (price: number) => void;
  busy: boolean;
  canAccept: boolean;
}) {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const { bid } = props;
  const [countering, setCountering] = useState(false);
  const [counter, setCounter] = useState<number | string>('');
  return (
    <SharedBidCard
      bid={bid}
      locale={locale}
      labels={{
        accept: t('ride.accept'),
        eta: t.raw('ride.eta') as string,
        newDriver: t('ride.newDriver'),
        vehicle: t(`vehicle.${bid.driver.vehicleType}`),
      }}
      onAccept={props.canAccept ? props.onAccept : undefined}
      accepting={props.busy}
    >
      {(bid.priceFlag || (bid.status === 'COUNTERED' && bid.counterPrice != null)) && (
        <Group gap="xs">
          {bid.priceFlag && (
            <Badge color={bid.priceFlag === 'LOW' ? 'orange.8' : 'red.8'} data-testid="price-flag">
              {t(`negotiation.flag${bid.priceFlag}`)}
            </Badge>
          )}
          {bid.status === 'COUNTERED' && bid.counterPrice != null && (
            <Text size="sm" c="indigo.8" data-testid="bid-countered">
              {t('negotiation.countered', { price: formatTnd(bid.counterPrice, locale) })}
            </Text>
          )}
        </Group>
      )}
      {props.canAccept && bid.status === 'PENDING' && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            data-testid="counter-bid"
            onClick={() => setCountering(!countering)}
          >
            {t('negotiation.counter')}
          </Button>
        </Group>
      )}
      {countering && bid.status === 'PENDING' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typeof counter === 'number' && counter > 0) {
              props.onCounter(Math.round(counter * 1000));
              setCountering(false);
            }
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput
              label={t('negotiation.counterPrice')}
              value={counter}
              onChange={setCounter}
              min={1}
              decimalScale={3}
              style={{ flex: 1 }}
              data-testid="counter-price"
            />
            <Button type="submit" data-testid="counter-submit">
              {t('negotiation.sendCounter')}
            </Button>
          </Group>
        </form>
      )}
    </SharedBidCard>
  );
}

type RideState = ReturnType<typeof useRide>;

function RidePage() {
  const { id } = useParams<{ id: string }>();
  const flouciResult = useSearchParams().get('payment');
  const liveState = useRide(getApi(), getRealtime(), id, { withBids: true });
  // Deferred into a memoised view: a store update (synchronous, like every useSyncExternalStore update) only
  // re-renders this component, and the view renders the new data in the background, time-sliced, so neither
  // the ride's arrival nor a live event blocks the main thread with one long render.
  const state = useDeferredValue(liveState);
  return <RideView state={state} flouciResult={flouciResult} />;
}

const RideView = memo(function RideView(props: { state: RideState; flouciResult: string | null }) {
  const { state, flouciResult } = props;
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const runtime = useRuntimeConfig();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [paid, setPaid] = useState<RidePaymentMethod | null>(null);
  const [cancelOpen, cancelModal] = useDisclosure(false);
  const [notice, setNotice] = useState<string | null>(null);
  // One key per payment intent: pressing twice, or a retry, never charges twice.
  const paymentKey = useRef(newIdempotencyKey());

  async function act(name: string, action: () => Promise<void>) {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  const ride = state.ride;
  if (!ride) {
    return state.error ? (
      <Alert color="red">{errorText(state.error)}</Alert>
    ) : (
      <Text>{t('common.loading')}</Text>
    );
  }
  const pendingBids = state.bids.filter((b) => b.status === 'PENDING' || b.status === 'COUNTERED');
  const hasDriver =
    !['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'].includes(ride.status) && ride.driver !== undefined;
  const isRunning = [
    'BID_ACCEPTED',
    'DRIVER_ARRIVING',
    'PICKUP_ARRIVED',
    'LOADING',
    'IN_TRANSIT',
    'DROPOFF_ARRIVED',
  ].includes(ride.status);
  const paymentStatus = ride.payment?.status ?? 'NONE';
  // Wallet and Flouci payments are held from acceptance until delivery; cash is paid at the end.
  const canPay = paymentStatus === 'NONE' && !paid && (isRunning || ride.status === 'COMPLETED');
  const canCancel = [
    'PENDING_BIDS',
    'NO_DRIVERS_AVAILABLE',
    'BID_ACCEPTED',
    'DRIVER_ARRIVING',
    'PICKUP_ARRIVED',
  ].includes(ride.status);
  const driverCommitted = ride.status !== 'PENDING_BIDS' && ride.status !== 'NO_DRIVERS_AVAILABLE';

  const pay = (method: RidePaymentMethod) =>
    act(`pay-${method}`, async () => {
      const payment = await getApi().payments.create(ride.id, method, paymentKey.current);
      if (method === 'FLOUCI' && payment.redirectUrl) {
        window.location.assign(payment.redirectUrl);
        return;
      }
      setPaid(method);
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t('ride.title')} · <bdi>{ride.pickup.address.split(',')[0]}</bdi> –{' '}
          <bdi>{ride.dropoff.address.split(',')[0]}</bdi>
        </Title>
        <StatusBadge status={ride.status} />
      </Group>
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {flouciResult && !paid && (
        <Alert color={flouciResult === 'success' ? 'green' : 'orange'} role="status">
          {flouciResult === 'success' ? t('ride.paid', { method: 'Flouci' }) : t('ride.paymentPending')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <RideMap
              ariaLabel={t('ride.driverOnMap')}
              pickup={ride.pickup}
              dropoff={ride.dropoff}
              truck={state.driverPosition}
              stops={ride.stops ?? []}
              labels={{
                pickup: t('ride.from'),
                dropoff: t('ride.to'),
                truck: t('ride.driverOnMap'),
                stop: (index) => t('routeStops.onMap', { index }),
              }}
            />
            <RideEta rideId={ride.id} status={ride.status} />
            <Paper withBorder p="md" radius="md">
              <Text size="sm">
                <b>{t('ride.from')}:</b> <bdi>{ride.pickup.address}</bdi>
              </Text>
              <Text size="sm">
                <b>{t('ride.to')}:</b> <bdi>{ride.dropoff.address}</bdi>
              </Text>
              <Text size="sm">
                {t(`vehicle.${ride.vehicleType}`)} · <bdi>{ride.cargo.description}</bdi> ·{' '}
                {formatWeight(ride.cargo.weightKg, locale)}
              </Text>
              <Text size="sm">
                {t('ride.estimate')}: {formatTnd(ride.priceEstimate, locale)}
                {ride.price !== null && (
                  <>
                    {' '}
                    · {t('ride.price')}: <b>{formatTnd(ride.price, locale)}</b>
                  </>
                )}
              </Text>
              {ride.scheduledAt && (
                <Text size="sm">
                  {t('ride.scheduledFor', { date: formatDateTime(ride.scheduledAt, locale) })}
                </Text>
              )}
            </Paper>
            <StopsList stops={ride.stops ?? []} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {ride.status === 'PENDING_BIDS' && (
              <section aria-labelledby="bids-title">
                <Title order={3} id="bids-title" size="h4" mb="xs">
                  {t('ride.bids')}
                </Title>
                <Stack gap="xs" aria-live="polite">
                  {pendingBids.length === 0 && <Text c="dimmed">{t('ride.waitingBids')}</Text>}
                  {pendingBids.map((bid) => (
                    <BidCard
                      key={bid.id}
                      bid={bid}
                      canAccept
                      busy={busy === bid.id}
                      onCounter={(price) =>
                        act(`counter-${bid.id}`, async () => {
                          await getApi().negotiation.counter(ride.id, bid.id, price);
                          await state.reload();
                        })
                      }
                      onAccept={() =>
                        act(bid.id, async () => {
                          await getApi().bids.accept(ride.id, bid.id);
                          await state.reload();
                        })
                      }
                    />
                  ))}
                </Stack>
              </section>
            )}
            {ride.status === 'NO_DRIVERS_AVAILABLE' && (
              <Button
                onClick={() => act('retry', async () => void (await getApi().rides.retryDispatch(ride.id)))}
                loading={busy === 'retry'}
              >
                {t('ride.retry')}
              </Button>
            )}
            {hasDriver && ride.driver && (
              <Paper withBorder p="md" radius="md" data-testid="ride-driver">
                <Text fw={600}>
                  {ride.driver.firstName} · ★{' '}
                  {ride.driver.rating !== null ? ride.driver.rating.toFixed(1) : t('ride.newDriver')}
                </Text>
                <Text size="sm">
                  {t(`vehicle.${ride.driver.vehicle.type}`)} · <bdi>{ride.driver.vehicle.plate}</bdi>
                </Text>
                <Text size="sm">
                  <a href={`tel:${ride.driver.phone}`} dir="ltr">
                    {ride.driver.phone}
                  </a>
                </Text>
                {ride.status === 'COMPLETED' && <FavouriteToggle driverId={ride.driver.id} />}
              </Paper>
            )}
            {ride.payment && ride.payment.status !== 'NONE' && (
              <Text size="sm" data-testid="payment-status" data-status={ride.payment.status}>
                {t(`payment.status.${ride.payment.status}`)}
              </Text>
            )}
            <DeliveryCodeNotice rideId={ride.id} status={ride.status} />
            <section aria-labelledby="timeline-title">
              <Title order={3} id="timeline-title" size="h4" mb="xs">
                {t('ride.timeline')}
              </Title>
              <RideTimeline status={ride.status} entries={state.timeline} />
            </section>
            {(canPay || paid) && (
              <Paper withBorder p="md" radius="md" component="section" aria-labelledby="pay-title">
                <Title order={3} id="pay-title" size="h4" mb="xs">
                  {t('ride.pay')}
                </Title>
                {paid ? (
                  <Text role="status" data-testid="payment-done">
                    {t('ride.paid', {
                      method: t(
                        `ride.pay${paid === 'CASH' ? 'Cash' : paid === 'WALLET' ? 'Wallet' : 'Flouci'}`,
                      ),
                    })}
                  </Text>
                ) : (
                  <Stack gap="xs">
                    {ride.status !== 'COMPLETED' && (
                      <Text size="sm" c="dimmed">
                        {t('payment.payNowHeld')}
                      </Text>
                    )}
                    {ride.status === 'COMPLETED' && (
                      <Button
                        data-testid="pay-cash"
                        variant="filled"
                        onClick={() => pay('CASH')}
                        loading={busy === 'pay-CASH'}
                      >
                        {t('ride.payCash')}
                      </Button>
                    )}
                    <Button
                      data-testid="pay-wallet"
                      variant="light"
                      onClick={() => pay('WALLET')}
                      loading={busy === 'pay-WALLET'}
                    >
                      {t('ride.payWallet')}
                    </Button>
                    <Button
                      data-testid="pay-flouci"
                      variant="light"
                      onClick={() => pay('FLOUCI')}
                      loading={busy === 'pay-FLOUCI'}
                    >
                      {t('ride.payFlouci')}
                    </Button>
                  </Stack>
                )}
              </Paper>
            )}
            {ride.status === 'COMPLETED' && <RideRatingForm rideId={ride.id} />}
            {hasDriver && <RideChat rideId={ride.id} me="customer" />}
            {isRunning && <ShareLinkPanel rideId={ride.id} />}
            {hasDriver && <RideProofs rideId={ride.id} />}
            {hasDriver && <DisputeButton rideId={ride.id} />}
            {canCancel && (
              <Button color="red.8" variant="outline" onClick={cancelModal.open} data-testid="cancel-ride">
                {t('ride.cancel')}
              </Button>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal opened={cancelOpen} onClose={cancelModal.close} title={t('ride.cancelTitle')} centered>
        <Stack>
          <Text data-testid="cancel-rule" data-fee={driverCommitted ? runtime.cancellationFeeMillimes : 0}>
            {driverCommitted
              ? t('ride.cancelFee', {
                  minutes: runtime.cancellationGraceMinutes,
                  fee: formatTnd(runtime.cancellationFeeMillimes, locale),
                })
              : t('ride.cancelFree')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={cancelModal.close}>
              {t('common.back')}
            </Button>
            <Button
              color="red.8"
              data-testid="confirm-cancel"
              loading={busy === 'cancel'}
              onClick={() =>
                act('cancel', async () => {
                  const outcome = await getApi().rides.cancel(ride.id);
                  cancelModal.close();
                  setNotice(
                    outcome.cancellation.fee > 0
                      ? t('ride.cancelledWithFee', { fee: formatTnd(outcome.cancellation.fee, locale) })
                      : t('ride.cancelled'),
                  );
                })
              }
            >
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
});

export default function CustomerRidePage() {
  return (
    <Suspense>
      <RidePage />
    </Suspense>
  );
}
