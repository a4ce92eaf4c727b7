'use client';
import { Alert, Text } from '@mantine/core';
import type { RideDelivery, RideStatus } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { getApi } from '@/lib/app-client';

const WITH_CODE: ReadonlySet<RideStatus> = new Set(['IN_TRANSIT', 'DROPOFF_ARRIVED']);

/** The customer sees the recipient's delivery code while the goods travel, so they can relay it. */
export function DeliveryCodeNotice(props: { rideId: string; status: RideStatus }) {
  const t = useTranslations('delivery');
  const [delivery, setDelivery] = useState<RideDelivery | null>(null);
  const shown = WITH_CODE.has(props.status);
  useEffect(() => {
    if (!shown) return;
    let live = true;
    getApi()
      .delivery.get(props.rideId)
      .then((next) => live && setDelivery(next))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.rideId, shown]);
  if (!shown || !delivery?.code) return null;
  return (
    <Alert color="indigo" data-testid="delivery-code" data-code={delivery.code} title={t('recipient')}>
      <Text fw={700} dir="ltr">
        {t('code', { code: delivery.code })}
      </Text>
      <Text size="sm">{t('codeHint')}</Text>
    </Alert>
  );
}
