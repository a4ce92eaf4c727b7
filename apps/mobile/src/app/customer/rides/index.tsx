import type { Ride } from '@truck4u/contracts';
import { formatDateTime } from '@truck4u/logic';
import { Card, mutedText, Notice, PriceTag, StatusBadge, spacing } from '@truck4u/ui';
import { useRouter } from 'expo-router';
import { useCallback } from 'react';
import { Pressable, Text, View } from 'react-native';
import { Screen } from '../../../components/screen';
import { useFocusLoad } from '../../../components/use-focus-load';
import { useI18n } from '../../../i18n/i18n-context';
import { useServices } from '../../../services/services-context';

/** The customer's rides, newest first; one press opens the live ride. */
export default function Rides() {
  const { t, locale, errorText } = useI18n();
  const { api } = useServices();
  const router = useRouter();
  const rides = useFocusLoad(useCallback(() => api.rides.list({ limit: 50 }).then((p) => p.items), [api]));

  return (
    <Screen title={t.ride.history} onRefresh={rides.reload} refreshing={rides.loading}>
      <Notice text={errorText(rides.error)} />
      {rides.data?.length === 0 ? <Text style={mutedText}>{t.ride.noRides}</Text> : null}
      {(rides.data ?? []).map((ride: Ride) => (
        <Pressable
          key={ride.id}
          testID="ride-row"
          dataSet={{ rideId: ride.id }}
          accessibilityRole="button"
          onPress={() => router.push({ pathname: '/customer/rides/[id]', params: { id: ride.id } })}
        >
          <Card>
            <View style={{ flexDirection: 'row', justifyContent: 'space-between', gap: spacing.md }}>
              <StatusBadge status={ride.status} label={t.status[ride.status]} testID="ride-row-status" />
              <PriceTag millimes={ride.price ?? ride.priceEstimate} locale={locale} />
            </View>
            <Text style={{ fontWeight: '600' }}>
              {ride.pickup.address} → {ride.dropoff.address}
            </Text>
            <Text style={mutedText}>{formatDateTime(ride.createdAt, locale)}</Text>
          </Card>
        </Pressable>
      ))}
    </Screen>
  );
}
