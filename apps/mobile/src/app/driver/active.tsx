import type { RideDelivery } from '@truck4u/contracts';
import { ACTIVE_RIDE_STATUSES, navigationUrl, nextDriverStatus, nextStopOf } from '@truck4u/logic';
import { useAction, useRide } from '@truck4u/logic/react';
import { Button, Card, Input, mutedText, Notice, PriceTag, RideTimeline, StatusBadge } from '@truck4u/ui';
import { useCallback, useEffect, useState } from 'react';
import { Text } from 'react-native';
import { DisputePanel } from '../../components/dispute-panel';
import { ProofPhotos, proofStageOf } from '../../components/proof-photos';
import { RideChat } from '../../components/ride-chat';
import { Screen, ScreenSection } from '../../components/screen';
import { useFocusLoad } from '../../components/use-focus-load';
import { useOneShotParam } from '../../components/use-one-shot-param';
import { useI18n } from '../../i18n/i18n-context';
import { offlineMessages } from '../../i18n/offline-messages';
import { useAppSession, useServices } from '../../services/services-context';

/** The ride under way: where to go next, a hand-off to the maps app, and one big button for the next step. */
export default function ActiveRideTab() {
  const { t, m, errorText } = useI18n();
  const { api } = useServices();
  const active = useFocusLoad(
    useCallback(
      () => api.rides.list({ status: ACTIVE_RIDE_STATUSES, limit: 1 }).then((p) => p.items[0]?.id ?? null),
      [api],
    ),
  );
  if (!active.data) {
    return (
      <Screen title={t.driver.activeRide} onRefresh={active.reload} refreshing={active.loading}>
        <Notice text={errorText(active.error)} />
        <Text style={mutedText}>{m.noActiveRide}</Text>
      </Screen>
    );
  }
  return <ActiveRide key={active.data} rideId={active.data} onDone={active.reload} />;
}

function ActiveRide(props: { rideId: string; onDone: () => void }) {
  const { t, locale, errorText } = useI18n();
  const { api, realtime, openUrl, offlineQueue } = useServices();
  const me = useAppSession().user;
  const state = useRide(api, realtime, props.rideId, { withBids: false });
  // `chat=1`: opened from a chat message's notification. Read here, under the ride's key, so a count left by
  // one ride never scrolls the next one's chat.
  const revealChat = useOneShotParam('chat');
  const status = state.ride?.status;
  const [delivery, setDelivery] = useState<RideDelivery | null>(null);
  const [code, setCode] = useState('');
  const [cashConfirmed, setCashConfirmed] = useState(false);
  useEffect(() => {
    // Whether completing needs the recipient's code: known from IN_TRANSIT on.
    if (status !== 'IN_TRANSIT' && status !== 'DROPOFF_ARRIVED') return;
    let live = true;
    api.delivery
      .get(props.rideId)
      .then((next) => live && setDelivery(next))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, props.rideId, status]);
  // With a code, completing goes straight to the api (not the offline queue): the code is checked there, and a
  // wrong one must show now, not on a later replay.
  const complete = useAction(async () => {
    await api.delivery.complete(props.rideId, code);
    setCode('');
    await state.reload();
  });
  const confirmCash = useAction(async () => {
    await api.cash.confirm(props.rideId);
    setCashConfirmed(true);
    await state.reload();
  });
  // A step taken without a connection: kept on the phone (offline queue) and shown as taken meanwhile.
  const [queued, setQueued] = useState<Parameters<typeof api.rides.setStatus>[1] | null>(null);
  const advance = useAction(async (status: Parameters<typeof api.rides.setStatus>[1]) => {
    const outcome = await offlineQueue.submitStatus(props.rideId, status);
    if (outcome.state === 'queued') {
      setQueued(status);
      return;
    }
    setQueued(null);
    await state.reload();
  });
  const ride = state.ride;
  if (!ride) return <Screen title={t.driver.activeRide}>{null}</Screen>;

  const next = nextDriverStatus(queued ?? ride.status);
  const stop = nextStopOf(ride.status) === 'pickup' ? ride.pickup : ride.dropoff;
  const nextLabels = t.driver.nextStatus as Record<string, string>;
  const needsCode = next === 'COMPLETED' && delivery?.hasCode === true;
  const cashToConfirm =
    ride.status === 'COMPLETED' &&
    ride.payment?.method === 'CASH' &&
    ride.payment.status !== 'PAID' &&
    !cashConfirmed;
  // The api takes a driver's dispute while this driver holds the ride, up to a week after it ended
  // (completed, or cancelled by the customer); the screen keeps a just-finished ride until the tab is left.
  const holdsRide = me?.role === 'driver' && ride.driverId === me.id;
  const ended = ride.status === 'COMPLETED' || ride.status === 'CANCELLED';

  return (
    <Screen
      title={t.driver.activeRide}
      onRefresh={() => void state.reload()}
      refreshing={state.loading}
      testID="active-ride-screen"
    >
      <Card>
        <StatusBadge status={ride.status} label={t.status[ride.status]} />
        <Text style={mutedText}>{t.driver.nextStop}</Text>
        <Text style={{ fontSize: 20, fontWeight: '700' }} testID="next-stop">
          {stop.address}
        </Text>
        <Button
          label={t.driver.navigate}
          testID="navigate"
          variant="secondary"
          onPress={() => void openUrl(navigationUrl(stop))}
        />
        {ride.price !== null ? <PriceTag label={t.ride.price} millimes={ride.price} locale={locale} /> : null}
      </Card>
      {needsCode ? (
        <Card>
          <Input
            label={t.delivery.enterCode}
            value={code}
            onChangeText={(text) => setCode(text.replace(/\D/g, '').slice(0, 6))}
            keyboardType="number-pad"
            testID="delivery-code-input"
          />
          <Notice text={errorText(complete.error)} />
          <Button
            large
            label={t.delivery.complete}
            testID="next-status"
            dataSet={{ nextStatus: 'COMPLETED' }}
            disabled={code.length !== 6}
            loading={complete.busy}
            onPress={() => void complete.run()}
          />
        </Card>
      ) : next ? (
        <Button
          large
          label={nextLabels[next] ?? t.status[next]}
          testID="next-status"
          dataSet={{ nextStatus: next }}
          loading={advance.busy}
          onPress={() => void advance.run(next)}
        />
      ) : (
        <Notice tone="success" testID="ride-done" text={t.driver.done} />
      )}
      <Notice
        tone="warning"
        testID="status-queued"
        text={queued ? offlineMessages(locale).statusQueued : null}
      />
      <Notice text={errorText(advance.error)} />
      {cashToConfirm ? (
        <Button
          label={t.payment.confirmCash}
          testID="confirm-cash"
          loading={confirmCash.busy}
          onPress={() => void confirmCash.run()}
        />
      ) : null}
      {cashConfirmed ? (
        <Notice tone="success" testID="cash-confirmed" text={t.payment.cashConfirmed} />
      ) : null}
      <Notice text={errorText(confirmCash.error)} />
      <ProofPhotos rideId={ride.id} uploadStage={proofStageOf(ride.status)} />
      <ScreenSection reveal={revealChat} testID="chat-section">
        <RideChat rideId={ride.id} me="driver" />
      </ScreenSection>
      <Card title={t.ride.timeline}>
        <RideTimeline status={ride.status} entries={state.timeline} locale={locale} labels={t.status} />
      </Card>
      {holdsRide ? (
        <DisputePanel rideId={ride.id} me="driver" endedAt={ended ? ride.updatedAt : null} />
      ) : null}
    </Screen>
  );
}
