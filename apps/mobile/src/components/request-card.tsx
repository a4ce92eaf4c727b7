import {
  formatDistance,
  formatTime,
  formatTnd,
  formatWeight,
  parseTndToMillimes,
  type RideRequest,
} from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import {
  Button,
  Card,
  colors,
  fontSizes,
  Input,
  mutedText,
  Notice,
  PriceTag,
  radii,
  spacing,
} from '@truck4u/ui';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';

/**
 * A ride offered to the driver, with the bid form: price in TND (90 means 90 TND), arrival in minutes. Also the
 * customer's offered price and the fair price band, a one-tap bid at the offered price, the answer to a
 * counter-offer, and withdrawing a live bid. `highlighted`: the request a tapped notification opened, framed and
 * labelled so the driver finds it at a glance.
 */
export function RequestCard(props: {
  request: RideRequest;
  highlighted?: boolean;
  /** `priceMillimes` null: at the customer's offered price. */
  onBid: (rideId: string, priceMillimes: number | null, etaMinutes: number) => Promise<unknown>;
  onRespond?: (rideId: string, bidId: string, accept: boolean) => Promise<unknown>;
  onWithdraw?: (rideId: string, bidId: string) => Promise<unknown>;
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
  const acceptOffered = useAction(async () => {
    await props.onBid(ride.id, null, etaMinutes > 0 ? etaMinutes : 15);
  });
  // Answering the counter-offer and withdrawing share one action: one of them at a time.
  const negotiate = useAction(async (step: () => Promise<unknown>) => {
    await step();
  });

  return (
    <View
      testID="request-card"
      dataSet={props.highlighted ? { rideId: ride.id, highlighted: true } : { rideId: ride.id }}
      accessibilityState={props.highlighted ? { selected: true } : undefined}
      style={props.highlighted ? styles.highlighted : undefined}
    >
      <Card>
        {props.highlighted ? (
          <Text style={styles.tappedLabel} testID="request-tapped">
            {m.tappedRequest}
          </Text>
        ) : null}
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
        {ride.offeredPrice != null ? (
          <Text style={{ fontWeight: '600' }} testID="offered-price">
            {format(t.negotiation.offered, { price: formatTnd(ride.offeredPrice, locale) })}
          </Text>
        ) : null}
        {ride.priceBand ? (
          <Text style={mutedText} testID="price-band">
            {format(t.negotiation.band, {
              low: formatTnd(ride.priceBand.low, locale),
              high: formatTnd(ride.priceBand.high, locale),
            })}
          </Text>
        ) : null}
        {myBid && myBid.status !== 'COUNTERED' ? (
          <Notice
            tone="success"
            testID="bid-sent"
            text={format(t.driver.bidSent, { price: formatTnd(myBid.price, locale) })}
          />
        ) : null}
        {myBid?.status === 'PENDING' && props.onWithdraw ? (
          <Button
            label={t.negotiation.withdraw}
            variant="ghost"
            testID="withdraw-bid"
            disabled={negotiate.busy}
            onPress={() =>
              void negotiate.run(() => props.onWithdraw?.(ride.id, myBid.id) ?? Promise.resolve())
            }
          />
        ) : null}
        {myBid?.status === 'COUNTERED' && myBid.counterPrice != null && props.onRespond ? (
          <View testID="counter-offer" style={{ gap: spacing.sm }}>
            <Text style={{ fontWeight: '700' }}>
              {format(t.negotiation.counterFromCustomer, { price: formatTnd(myBid.counterPrice, locale) })}
            </Text>
            <Button
              label={t.negotiation.acceptCounter}
              testID="counter-accept"
              loading={negotiate.busy}
              onPress={() =>
                void negotiate.run(() => props.onRespond?.(ride.id, myBid.id, true) ?? Promise.resolve())
              }
            />
            <Button
              label={t.negotiation.declineCounter}
              variant="secondary"
              testID="counter-decline"
              disabled={negotiate.busy}
              onPress={() =>
                void negotiate.run(() => props.onRespond?.(ride.id, myBid.id, false) ?? Promise.resolve())
              }
            />
          </View>
        ) : null}
        <Notice text={errorText(negotiate.error)} />
        {ride.offeredPrice != null && !myBid ? (
          <Button
            label={t.negotiation.acceptOffered}
            variant="secondary"
            testID="accept-offered"
            loading={acceptOffered.busy}
            onPress={() => void acceptOffered.run()}
          />
        ) : null}
        <Notice text={errorText(acceptOffered.error)} />
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

const styles = StyleSheet.create({
  // A frame around the card rather than a new card colour: the card's own text keeps its contrast.
  highlighted: { borderWidth: 3, borderColor: colors.primary, borderRadius: radii.lg + 3 },
  tappedLabel: { color: colors.primary, fontSize: fontSizes.sm, fontWeight: '700' },
});
