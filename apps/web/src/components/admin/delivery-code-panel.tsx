'use client';
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { RideDelivery, RideStatus } from '@truck4u/contracts';
import { formatDateTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminSection } from '@/components/admin/admin-section';
import { ReasonDialog } from '@/components/admin/reason-dialog';
import { useAdminMay } from '@/components/admin/use-admin';
import { useErrorText } from '@/components/use-error-text';

// The api unlocks a code only while the ride is on its way (else 409).
const ON_ITS_WAY: RideStatus[] = ['IN_TRANSIT', 'DROPOFF_ARRIVED'];

/**
 * The recipient's delivery code as support sees it (never the code itself): whether the SMS went, tries
 * left, locked. For a driver at the door whose code locked after wrong tries, with a customer who cannot be
 * reached to replace it: unlock it (the same code works again) or text the recipient a new one. Nothing for
 * a ride without a recipient. Keyed by the ride's status where it is used, so a move (the code is made at
 * IN_TRANSIT) reads it again.
 */
export function DeliveryCodePanel(props: { rideId: string; status: RideStatus }) {
  const t = useTranslations('admin.ride');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const mayUnlock = useAdminMay('deliveryCodes.unlock');
  const [delivery, setDelivery] = useState<RideDelivery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<'unlock' | 'reissue' | null>(null);
  const { rideId, status } = props;

  useEffect(() => {
    let current = true;
    getAdminApi()
      .rides.delivery(rideId)
      .then(
        (next) => {
          if (current) setDelivery(next);
        },
        (e: unknown) => {
          if (current) setError(errorText(e));
        },
      );
    return () => {
      current = false;
    };
  }, [rideId, errorText]);

  if (error) {
    return (
      <AdminSection title={t('delivery')}>
        <Alert color="red" role="alert">
          {error}
        </Alert>
      </AdminSection>
    );
  }
  if (!delivery?.recipient) return null;
  const canAct = mayUnlock && delivery.hasCode && ON_ITS_WAY.includes(status);

  return (
    <AdminSection title={t('delivery')} testId="admin-delivery">
      <Stack gap="xs">
        <Text size="sm">
          <b>{t('deliveryRecipient')}</b> {delivery.recipient.name}{' '}
          <span dir="ltr">{delivery.recipient.phone}</span>
        </Text>
        {delivery.hasCode && (
          <Group
            gap="xs"
            data-testid="admin-delivery-state"
            data-locked={String(delivery.locked)}
            data-tries-left={String(delivery.triesLeft ?? '')}
          >
            {delivery.locked ? (
              <Badge color="red">{t('deliveryLocked')}</Badge>
            ) : (
              <Badge variant="light">{t('deliveryTriesLeft', { count: delivery.triesLeft ?? 0 })}</Badge>
            )}
            <Text size="xs" c="dimmed">
              {delivery.smsSentAt
                ? t('deliverySmsSent', { at: formatDateTime(delivery.smsSentAt, locale) })
                : t('deliverySmsPending')}
            </Text>
          </Group>
        )}
        {notice && (
          <Alert color="green" role="status">
            {notice}
          </Alert>
        )}
        {canAct && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              onClick={() => setMode('unlock')}
              data-testid="admin-unlock-code"
            >
              {t('deliveryUnlock')}
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => setMode('reissue')}
              data-testid="admin-reissue-code"
            >
              {t('deliveryReissue')}
            </Button>
          </Group>
        )}
      </Stack>
      <ReasonDialog
        opened={mode !== null}
        onClose={() => setMode(null)}
        title={mode === 'reissue' ? t('deliveryReissueTitle') : t('deliveryUnlockTitle')}
        label={t('deliveryReason')}
        confirmLabel={t('deliveryConfirm')}
        confirmTestId="admin-unlock-confirm"
        color="blue"
        onConfirm={async (reason) => {
          const reissue = mode === 'reissue';
          setDelivery(await getAdminApi().rides.unlockDeliveryCode(rideId, { reason, reissue }));
          setNotice(reissue ? t('deliveryReissued') : t('deliveryUnlocked'));
        }}
      />
    </AdminSection>
  );
}
