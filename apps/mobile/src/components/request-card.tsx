import {
  formatDistance,
  formatTime,
  formatTnd,
  formatWeight,
  parseTndToMillimes,
  type RideRequest,
} from '@truck4u/logic';
import { Button, Card, Input, PriceTag, spacing } from '@truck4u/ui';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { mutedText, Notice } from './notice';
import { useAction } from './use-action';

/** A ride offered to the driver, with the bid form: price in TND (90 means 90 TND), arrival in minutes. */
export function RequestCard(props: {
  request: RideRequest;
  onBid: (rideId: string, priceMillimes: number, etaMinutes: number) => Promise<unknown>;
}) {
  const { t, m, locale, format, errorText } = useI18n();
  const { ride, distanceMeters, bidDeadline, myBid } = props.request;
  const [price, setPrice] = useState('');
  const [eta, setEta] = useState('15');
  const priceMillimes = parseTndToMillimes(price);
  const etaMinutes = Number.parseInt(eta, 10);
  const bid = useAction(async () => {
    if (priceMillimes === null) return;
    await props.onBid(ride.id, priceMillimes, etaMinutes);
  });

  return (
    <View testID="request-card" dataSet={{ rideId: ride.id }}>
      <Card>
        <Text style={{ fontSize: 17, fontWeight: '700' }}>
          {ride.pickup.address} → {ride.dropoff.address}
        </Text>
        <Text>
          {t.vehicle[ride.vehicleType]} · {m.cargo} : {ride.cargo.description} (
          {formatWeight(ride.cargo.weightKg, locale)})
        </Text>
        {distanceMeters !== null ? (
          <Text style={mutedText}>
            {format(t.driver.distanceToPickup, { distance: formatDistance(distanceMeters, locale) })}
          </Text>
        ) : null}
        {bidDeadline ? (
          <Text style={mutedText}>
            {format(t.driver.deadline, { time: formatTime(bidDeadline, locale) })}
          </Text>
        ) : null}
        <PriceTag label={t.ride.estimate} millimes={ride.priceEstimate} locale={locale} />
        {myBid ? (
          <Notice
            tone="success"
            testID="bid-sent"
            text={format(t.driver.bidSent, { price: formatTnd(myBid.price, locale) })}
          />
        ) : null}
        <View style={{ flexDirection: 'row', gap: spacing.md }}>
          <View style={{ flex: 1 }}>
            <Input
              label={t.driver.yourBid}
              value={price}
              onChangeText={setPrice}
              keyboardType="decimal-pad"
              testID="bid-price"
            />
          </View>
          <View style={{ flex: 1 }}>
            <Input
              label={t.driver.etaMinutes}
              value={eta}
              onChangeText={setEta}
              keyboardType="number-pad"
              testID="bid-eta"
            />
          </View>
        </View>
        <Notice text={errorText(bid.error)} />
        <Button
          label={t.driver.sendBid}
          testID="bid-submit"
          dataSet={{ rideId: ride.id }}
          disabled={priceMillimes === null || !(etaMinutes > 0)}
          loading={bid.busy}
          onPress={() => void bid.run()}
        />
      </Card>
    </View>
  );
}
