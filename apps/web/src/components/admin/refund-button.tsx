'use client';
import { Button } from '@mantine/core';
import type { AdminPayment } from '@truck4u/contracts';
import { formatTnd, type Locale, newIdempotencyKey } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { getAdminApi } from './admin-client';
import { ReasonDialog } from './reason-dialog';
import { useAdminMay } from './use-admin';

/** Refund a succeeded ride payment to the customer's wallet; only for roles that may, only while SUCCEEDED. */
export function RefundButton(props: { payment: AdminPayment; onRefunded: (payment: AdminPayment) => void }) {
  const t = useTranslations('admin.payments');
  const locale = useLocale() as Locale;
  const may = useAdminMay('payments.refund');
  const [opened, setOpened] = useState(false);
  // One key per refund decision: a retry after a lost answer replays it instead of refunding twice.
  const key = useRef<string | null>(null);
  if (!may || props.payment.status !== 'SUCCEEDED' || props.payment.purpose !== 'RIDE') return null;
  const amount = formatTnd(props.payment.amount, locale);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="orange"
        data-testid="admin-refund"
        data-payment-id={props.payment.id}
        onClick={() => {
          key.current = newIdempotencyKey();
          setOpened(true);
        }}
      >
        {t('refund')}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('refundTitle', { amount })}
        label={t('refundReason')}
        confirmLabel={t('refund')}
        confirmTestId="admin-refund-confirm"
        color="orange"
        onConfirm={async (reason) => {
          const refunded = await getAdminApi().payments.refund(
            props.payment.id,
            reason,
            key.current ?? newIdempotencyKey(),
          );
          props.onRefunded(refunded);
        }}
      />
    </>
  );
}
