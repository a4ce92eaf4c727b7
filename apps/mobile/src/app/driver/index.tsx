import { useDriverShift } from '@truck4u/logic/react';
import { Button, Card, colors, mutedText, Notice, spacing, Toggle } from '@truck4u/ui';
import { useRouter } from 'expo-router';
import { Text, View } from 'react-native';
import { BackgroundLocationPrompt } from '../../components/background-location-prompt';
import { RequestCard } from '../../components/request-card';
import { Screen } from '../../components/screen';
import { useI18n } from '../../i18n/i18n-context';
import { useAppSession, useServices } from '../../services/services-context';

/** The driver's shift: go online (the phone's position is sent while online), take requests live, bid. */
export default function Dashboard() {
  const { t, errorText } = useI18n();
  const { driverApi, realtime, watchPosition } = useServices();
  const { user } = useAppSession();
  const router = useRouter();
  // driverApi: positions taken without a connection are queued and replayed (services/app-services.ts).
  const shift = useDriverShift(driverApi, realtime, watchPosition, user?.role === 'driver' && user.isOnline);

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

      {shift.activeRideId ? (
        <Card>
          <Notice tone="success" text={t.driver.bidAccepted} />
          <Button
            label={t.driver.openActive}
            testID="open-active"
            onPress={() => router.navigate('/driver/active')}
          />
        </Card>
      ) : null}

      {shift.online ? (
        <View style={{ gap: spacing.md }}>
          <Text accessibilityRole="header" style={{ fontSize: 18, fontWeight: '700' }}>
            {t.driver.requests}
          </Text>
          {shift.requests.length === 0 ? <Text style={mutedText}>{t.driver.noRequests}</Text> : null}
          {shift.requests.map((request) => (
            <RequestCard
              key={request.ride.id}
              request={request}
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
