import type { RideStatus } from '@truck4u/contracts';
import { useDeliveryCode } from '@truck4u/logic/react';
import { Card, mutedText } from '@truck4u/ui';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/** The customer sees the recipient's delivery code while the goods travel, so they can relay it. */
export function DeliveryCodeNotice(props: { rideId: string; status: RideStatus }) {
  const { t, format } = useI18n();
  const { api } = useServices();
  const code = useDeliveryCode(api, props.rideId, props.status);
  if (!code) return null;
  return (
    <Card title={t.delivery.recipient}>
      <Text style={{ fontSize: 18, fontWeight: '700' }} testID="delivery-code" dataSet={{ code }}>
        {format(t.delivery.code, { code })}
      </Text>
      <Text style={mutedText}>{t.delivery.codeHint}</Text>
    </Card>
  );
}
