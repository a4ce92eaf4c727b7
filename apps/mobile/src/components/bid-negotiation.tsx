import type { BidWithDriver } from '@truck4u/contracts';
import { formatTnd, parseTndToMillimes } from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import { Button, Input, Notice } from '@truck4u/ui';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/**
 * Under a bid card on the customer's ride: the fair-price flag of the bid, and a counter-offer the driver then
 * accepts or declines (one counter per bid; the api refuses a second).
 */
export function BidNegotiation(props: {
  rideId: string;
  bid: BidWithDriver;
  onChange: () => Promise<unknown>;
}) {
  const { t, locale, format, errorText } = useI18n();
  const { api } = useServices();
  const { bid } = props;
  const [price, setPrice] = useState('');
  const millimes = parseTndToMillimes(price);
  const counter = useAction(async () => {
    if (millimes === null) return;
    await api.negotiation.counter(props.rideId, bid.id, millimes);
    setPrice('');
    await props.onChange();
  });
  return (
    <View style={{ gap: 6 }} testID="bid-negotiation" dataSet={{ bidId: bid.id }}>
      {bid.priceFlag ? (
        <Text testID="price-flag" dataSet={{ flag: bid.priceFlag }} style={{ fontWeight: '600' }}>
          {bid.priceFlag === 'LOW' ? t.negotiation.flagLOW : t.negotiation.flagHIGH}
        </Text>
      ) : null}
      {bid.status === 'COUNTERED' && bid.counterPrice != null ? (
        <Notice
          tone="info"
          testID="countered"
          text={format(t.negotiation.countered, { price: formatTnd(bid.counterPrice, locale) })}
        />
      ) : null}
      {bid.status === 'PENDING' && bid.counterPrice == null ? (
        <View style={{ gap: 6 }}>
          <Input
            label={t.negotiation.counterPrice}
            value={price}
            onChangeText={setPrice}
            keyboardType="decimal-pad"
            testID="counter-price"
          />
          <Button
            label={t.negotiation.counter}
            variant="secondary"
            testID="counter-send"
            disabled={millimes === null}
            loading={counter.busy}
            onPress={() => void counter.run()}
          />
        </View>
      ) : null}
      <Notice text={errorText(counter.error)} />
    </View>
  );
}
