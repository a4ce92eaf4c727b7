'use client';
import './web-data';
import type { BidWithDriver } from '@truck4u/contracts';
import { interpolate, type Locale } from '@truck4u/logic';
import type { ReactNode } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { Button } from './button';
import { PriceTag } from './price-tag';
import { colors, fontSizes, radii, spacing } from './tokens';

export interface BidCardLabels {
  accept: string;
  /** With `{minutes}`. */
  eta: string;
  newDriver: string;
  vehicle: string;
}

export interface BidCardProps {
  bid: BidWithDriver;
  locale: Locale;
  labels: BidCardLabels;
  /** Absent when the customer can no longer choose (a bid was accepted). */
  onAccept?: (bidId: string) => void;
  accepting?: boolean;
  /** Between the offer and the accept button: what an app adds to it (the web's negotiation controls). */
  children?: ReactNode;
}

/** A driver's offer: price, arrival, driver and rating, and the accept button. */
export function BidCard(props: BidCardProps) {
  const { bid, labels } = props;
  // bid:new carries no rating count; a null rating is a driver nobody has rated yet.
  const rating = bid.driver.rating === null ? labels.newDriver : `★ ${bid.driver.rating.toFixed(1)}`;
  return (
    <View style={styles.card} testID="bid-card" dataSet={{ bidId: bid.id }}>
      <View style={styles.row}>
        <View style={styles.who}>
          <Text style={styles.name}>{bid.driver.name}</Text>
          <Text style={styles.meta}>
            {labels.vehicle} · {rating}
          </Text>
          <Text style={styles.meta}>{interpolate(labels.eta, { minutes: bid.etaMinutes })}</Text>
          {bid.message ? <Text style={styles.message}>“{bid.message}”</Text> : null}
        </View>
        <PriceTag millimes={bid.price} locale={props.locale} size="lg" />
      </View>
      {props.children}
      {props.onAccept && bid.status === 'PENDING' ? (
        <Button
          label={labels.accept}
          testID="accept-bid"
          dataSet={{ bidId: bid.id }}
          loading={props.accepting}
          onPress={() => props.onAccept?.(bid.id)}
        />
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  card: {
    backgroundColor: colors.surface,
    borderRadius: radii.lg,
    borderWidth: 1,
    borderColor: colors.border,
    padding: spacing.lg,
    gap: spacing.md,
  },
  row: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: spacing.md },
  who: { flex: 1, gap: 2 },
  name: { fontSize: fontSizes.lg, fontWeight: '700', color: colors.text },
  meta: { fontSize: fontSizes.sm, color: colors.textMuted },
  message: { fontSize: fontSizes.sm, color: colors.text, fontStyle: 'italic' },
});
