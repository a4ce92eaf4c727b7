import { useAction } from '@truck4u/logic/react';
import { Button, Card, mutedText, Notice } from '@truck4u/ui';
import { Share, Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/**
 * Creates the ride's public tracking link and hands it to the phone's share sheet (SMS, WhatsApp…). The api shows
 * a token once, so every press asks for a fresh link; the recipient's page shows no prices or phone numbers.
 */
export function ShareRideButton(props: { rideId: string }) {
  const { t, errorText } = useI18n();
  const { api } = useServices();
  const share = useAction(async () => {
    const link = await api.tracking.share(props.rideId);
    await Share.share({ message: link.url, url: link.url, title: t.share.title });
  });
  return (
    <Card title={t.share.title}>
      <Text style={mutedText}>{t.share.explain}</Text>
      <Notice text={errorText(share.error)} />
      <Button
        label={t.share.create}
        variant="secondary"
        testID="share-ride"
        loading={share.busy}
        onPress={() => void share.run()}
      />
    </Card>
  );
}
