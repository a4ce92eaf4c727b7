import type { RidePaymentMethod } from '@truck4u/contracts';
import { newIdempotencyKey } from '@truck4u/logic';
import { useAction, useRide } from '@truck4u/logic/react';
import {
  BidCard,
  Button,
  Card,
  mutedText,
  Notice,
  PriceTag,
  RideTimeline,
  StatusBadge,
  spacing,
} from '@truck4u/ui';
import { useLocalSearchParams } from 'expo-router';
import { useRef, useState } from 'react';
import { ActivityIndicator, Text, View } from 'react-native';
import { BidNegotiation } from '../../../components/bid-negotiation';
import { DeliveryCodeNotice } from '../../../components/delivery-code-notice';
import { DisputePanel } from '../../../components/dispute-panel';
import { DriverCard } from '../../../components/driver-card';
import { ProofPhotos } from '../../../components/proof-photos';
import { RatingForm } from '../../../components/rating-form';
import { RideChat } from '../../../components/ride-chat';
import { RideEta } from '../../../components/ride-eta';
import { Screen, ScreenSection } from '../../../components/screen';
import { ShareRideButton } from '../../../components/share-ride-button';
import { useOneShotParam } from '../../../components/use-one-shot-param';
import { useI18n } from '../../../i18n/i18n-context';
import { useServices } from '../../../services/services-context';

export default function RideScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  return id ? <LiveRide key={id} rideId={id} /> : null;
}

/** One ride, live: bids arrive as drivers send them, the status moves without reloading, then pay and rate. */
function LiveRide(props: { rideId: string }) {
  const { t, m, locale, errorText } = useI18n();
  const { api, realtime } = useServices();
  const state = useRide(api, realtime, props.rideId, { withBids: true });
  const [paid, setPaid] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const payKey = useRef<string | null>(null);
  // `chat=1`: opened from a chat message's notification, so the chat is brought into view.
  const revealChat = useOneShotParam('chat');

  const accept = useAction(async (bidId: string) => {
    await api.bids.accept(props.rideId, bidId);
    await state.reload();
  });
  const pay = useAction(async (method: RidePaymentMethod) => {
    // One key per press of "pay": a retry after a lost answer never charges twice.
    payKey.current ??= newIdempotencyKey();
    await api.payments.create(props.rideId, method, payKey.current);
    setPaid(true);
  });
  const cancel = useAction(async () => {
    await api.rides.cancel(props.rideId);
    setConfirmCancel(false);
    await state.reload();
  });

  const ride = state.ride;
  if (!ride) {
    return (
      <Screen title={t.ride.title}>
        {state.loading ? <ActivityIndicator /> : <Notice text={errorText(state.error)} />}
      </Screen>
    );
  }
  const cancellable = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE', 'BID_ACCEPTED', 'DRIVER_ARRIVING'].includes(
    ride.status,
  );
  const labels = { accept: t.ride.accept, eta: t.ride.eta, newDriver: t.ride.newDriver };
  // From acceptance to the end: the driver's card, the chat, the arrival time and the share link.
  const assigned = ride.driverId !== null && ride.status !== 'CANCELLED';
  const running = assigned && !['COMPLETED', 'CANCELLED', 'NO_DRIVERS_AVAILABLE'].includes(ride.status);

  return (
    <Screen
      title={t.ride.title}
      onRefresh={() => void state.reload()}
      refreshing={state.loading}
      testID="ride-screen"
    >
      <Card>
        <StatusBadge status={ride.status} label={t.status[ride.status]} />
        <Text>
          {t.ride.from} : {ride.pickup.address}
        </Text>
        <Text>
          {t.ride.to} : {ride.dropoff.address}
        </Text>
        <Text style={mutedText}>
          {m.cargo} : {ride.cargo.description}
        </Text>
        <PriceTag
          label={ride.price === null ? t.ride.estimate : t.ride.price}
          millimes={ride.price ?? ride.priceEstimate}
          locale={locale}
        />
        <RideEta rideId={ride.id} status={ride.status} />
      </Card>

      {assigned && ride.driver ? <DriverCard driver={ride.driver} /> : null}
      <DeliveryCodeNotice rideId={ride.id} status={ride.status} />
      {running ? <ShareRideButton rideId={ride.id} /> : null}

      {ride.status === 'PENDING_BIDS' ? (
        <Card title={t.ride.bids}>
          {state.bids.length === 0 ? <Text style={mutedText}>{t.ride.waitingBids}</Text> : null}
          {state.bids.map((bid) => (
            <View key={bid.id} style={{ gap: spacing.sm }}>
              <BidCard
                bid={bid}
                locale={locale}
                labels={{ ...labels, vehicle: t.vehicle[bid.driver.vehicleType] }}
                accepting={accept.busy}
                onAccept={(bidId) => void accept.run(bidId)}
              />
              <BidNegotiation rideId={ride.id} bid={bid} onChange={state.reload} />
            </View>
          ))}
          <Notice text={errorText(accept.error)} />
        </Card>
      ) : null}

      {assigned ? <ProofPhotos rideId={ride.id} /> : null}
      {assigned ? (
        <ScreenSection reveal={revealChat} testID="chat-section">
          <RideChat rideId={ride.id} me="customer" />
        </ScreenSection>
      ) : null}

      <Card title={t.ride.timeline}>
        <RideTimeline status={ride.status} entries={state.timeline} locale={locale} labels={t.status} />
      </Card>

      {ride.status === 'COMPLETED' ? (
        <Card title={t.ride.pay}>
          {paid ? (
            <Notice tone="success" testID="payment-done" text={m.paid} />
          ) : (
            <View style={{ gap: spacing.sm }}>
              <Button
                label={t.ride.payCash}
                testID="pay-cash"
                loading={pay.busy}
                onPress={() => void pay.run('CASH')}
              />
              <Button
                label={t.ride.payWallet}
                testID="pay-wallet"
                variant="secondary"
                disabled={pay.busy}
                onPress={() => void pay.run('WALLET')}
              />
            </View>
          )}
          <Notice text={errorText(pay.error)} />
          <RatingForm rideId={ride.id} />
        </Card>
      ) : null}

      {ride.driverId !== null ? (
        <DisputePanel
          rideId={ride.id}
          me="customer"
          endedAt={ride.status === 'COMPLETED' || ride.status === 'CANCELLED' ? ride.updatedAt : null}
        />
      ) : null}

      {cancellable ? (
        confirmCancel ? (
          <Card title={t.ride.cancelTitle}>
            {ride.driverId === null ? <Text>{t.ride.cancelFree}</Text> : null}
            <Notice text={errorText(cancel.error)} />
            <Button
              label={t.common.confirm}
              variant="danger"
              testID="confirm-cancel"
              loading={cancel.busy}
              onPress={() => void cancel.run()}
            />
            <Button label={t.common.back} variant="ghost" onPress={() => setConfirmCancel(false)} />
          </Card>
        ) : (
          <Button
            label={t.ride.cancel}
            variant="ghost"
            testID="cancel-ride"
            onPress={() => setConfirmCancel(true)}
          />
        )
      ) : null}
    </Screen>
  );
}
