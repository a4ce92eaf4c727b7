import type { RideRequest } from '@truck4u/logic';
import { useDriverShift } from '@truck4u/logic/react';
import { Button, Card, colors, mutedText, Notice, spacing, Toggle } from '@truck4u/ui';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { BackgroundLocationPrompt } from '../../components/background-location-prompt';
import { RequestCard } from '../../components/request-card';
import { Screen } from '../../components/screen';
import { useTappedRequest } from '../../components/use-tapped-request';
import { useI18n } from '../../i18n/i18n-context';
import { useAppSession, useServices } from '../../services/services-context';

/** The tapped request first, the others in the order the shift keeps them (newest offer first). */
function tappedFirst(requests: RideRequest[], rideId: string | undefined): RideRequest[] {
  const tapped = requests.filter((request) => request.ride.id === rideId);
  return tapped.length === 0
    ? requests
    : [...tapped, ...requests.filter((request) => request.ride.id !== rideId)];
}

/**
 * The driver's shift: go online (the phone's position is sent while online), take requests live, bid. Opened from
 * a ride request's notification (`request=<rideId>`), that request comes first and framed, or a notice says it is
 * no longer open.
 */
export default function Dashboard() {
  const { t, m, errorText } = useI18n();
  const { driverApi, realtime, watchPosition } = useServices();
  const { user } = useAppSession();
  const router = useRouter();
  // driverApi: positions taken without a connection are queued and replayed (services/app-services.ts).
  const shift = useDriverShift(driverApi, realtime, watchPosition, user?.role === 'driver' && user.isOnline);
  const { request: tappedId } = useLocalSearchParams<{ request?: string }>();
  const tapped = useTappedRequest(tappedId, shift.requests);
  // The notice for a request that is gone stays until closed: the param stays while the tab stays mounted.
  const [dismissed, setDismissed] = useState<string | null>(null);
  // Accepted: announced on the socket, or found out about the tapped request (the app was closed meanwhile).
  const activeRideId = shift.activeRideId ?? (tapped === 'won' ? tappedId : null);
  const requests = tappedFirst(shift.requests, tappedId);

  const shiftError =
    shift.error === 'GEO_DENIED' || shift.error === 'GEO_UNAVAILABLE'
      ? t.driver.geoRefused
      : errorText(shift.error);

  return (
    <Screen title={t.driver.shiftTitle}>
      <Card>
        <View
          style={{
            flexDirection: 'row',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: spacing.md,
          }}
        >
          <View style={{ flex: 1 }}>
            <Text
              style={{
                fontSize: 20,
                fontWeight: '800',
                color: shift.online ? colors.success : colors.textMuted,
              }}
            >
              {shift.online ? t.driver.online : t.driver.offline}
            </Text>
            {shift.busy && !shift.online ? <Text style={mutedText}>{t.driver.locating}</Text> : null}
          </View>
          <Toggle
            testID="online-toggle"
            dataSet={{ online: shift.online }}
            label={shift.online ? t.driver.goOffline : t.driver.goOnline}
            value={shift.online}
            disabled={shift.busy}
            onValueChange={(next) => void (next ? shift.goOnline() : shift.goOffline())}
          />
        </View>
        <Notice testID="shift-error" text={shiftError} />
      </Card>
      <BackgroundLocationPrompt online={shift.online} />

      {activeRideId ? (
        <Card>
          <Notice tone="success" text={t.driver.bidAccepted} />
          <Button
            label={t.driver.openActive}
            testID="open-active"
            onPress={() => router.navigate('/driver/active')}
          />
        </Card>
      ) : null}

      {tapped === 'closed' && tappedId !== dismissed ? (
        <Card>
          <Notice tone="warning" testID="request-gone" text={m.requestGone} />
          <Button
            label={t.common.close}
            variant="ghost"
            testID="request-gone-close"
            onPress={() => setDismissed(tappedId ?? null)}
          />
        </Card>
      ) : null}
      {/* The shift keeps its requests while offline but shows them only online. */}
      {tapped === 'listed' && !shift.online ? (
        <Notice tone="info" testID="request-offline" text={m.requestOffline} />
      ) : null}

      {shift.online ? (
        <View style={{ gap: spacing.md }}>
          <Text accessibilityRole="header" style={{ fontSize: 18, fontWeight: '700' }}>
            {t.driver.requests}
          </Text>
          {shift.requests.length === 0 ? <Text style={mutedText}>{t.driver.noRequests}</Text> : null}
          {requests.map((request) => (
            <RequestCard
              key={request.ride.id}
              request={request}
              highlighted={request.ride.id === tappedId}
              onBid={shift.placeBid}
              onRespond={shift.respondToCounter}
              onWithdraw={shift.withdrawBid}
            />
          ))}
        </View>
      ) : null}
    </Screen>
  );
}
