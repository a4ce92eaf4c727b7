'use client';
import { Alert, Text } from '@mantine/core';
import type { RideStatus } from '@truck4u/contracts';
import { useDeliveryCode } from '@truck4u/logic/react';
import { useTranslations } from 'next-intl';
import { getApi } from '@/lib/app-client';

/** The customer sees the recipient's delivery code while the goods travel, so they can relay it. */
export function DeliveryCodeNotice(props: { rideId: string; status: RideStatus }) {
  const t = useTranslations('delivery');
  const code = useDeliveryCode(getApi(), props.rideId, props.status);
  if (!code) return null;
  return (
    <Alert color="indigo" data-testid="delivery-code" data-code={code} title={t('recipient')}>
      <Text fw={700} dir="ltr">
        {t('code', { code })}
      </Text>
      <Text size="sm">{t('codeHint')}</Text>
    </Alert>
  );
}
