import type { RideDelivery, RideStatus } from '@truck4u/contracts';
import { Card } from '@truck4u/ui';
import { useEffect, useState } from 'react';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';
import { mutedText } from './notice';

const WITH_CODE: ReadonlySet<RideStatus> = new Set(['IN_TRANSIT', 'DROPOFF_ARRIVED']);

/** The customer sees the recipient's delivery code while the goods travel, so they can relay it. */
export function DeliveryCodeNotice(props: { rideId: string; status: RideStatus }) {
  const { t, format } = useI18n();
  const { api } = useServices();
  const [delivery, setDelivery] = useState<RideDelivery | null>(null);
  const shown = WITH_CODE.has(props.status);
  useEffect(() => {
    if (!shown) return;
    let live = true;
    api.delivery
      .get(props.rideId)
      .then((next) => live && setDelivery(next))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, props.rideId, shown]);
  if (!shown || !delivery?.code) return null;
  return (
    <Card title={t.delivery.recipient}>
      <Text
        style={{ fontSize: 18, fontWeight: '700' }}
        testID="delivery-code"
        dataSet={{ code: delivery.code }}
      >
        {format(t.delivery.code, { code: delivery.code })}
      </Text>
      <Text style={mutedText}>{t.delivery.codeHint}</Text>
    </Card>
  );
}
