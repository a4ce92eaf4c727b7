'use client';
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { CustomerProfile, Subscription } from '@truck4u/contracts';
import { formatDate, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useSession } from '@/components/use-session';
import { WalletPanel } from '@/components/wallet-panel';
import { getApi } from '@/lib/app-client';

/** The last months as YYYY-MM, newest first (statements are monthly, in Tunis time). */
function lastMonths(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function BusinessPlan() {
  const t = useTranslations('wallet');
  const locale = useLocale() as Locale;
  const [subscription, setSubscription] = useState<Subscription | null | undefined>(undefined);
  useEffect(() => {
    getApi()
      .subscriptions.mine()
      .then(setSubscription)
      .catch(() => setSubscription(null));
  }, []);
  const openStatement = async (month: string) => {
    const html = await getApi().subscriptions.invoiceHtml(month);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h4">
        {t('plan')}
      </Title>
      {subscription ? (
        <Text data-testid="plan" data-plan={subscription.plan.code}>
          {subscription.plan.name} · {(subscription.plan.commissionRateBps / 100).toFixed(1)}% ·{' '}
          {formatDate(subscription.currentPeriodEnd, locale)}
        </Text>
      ) : (
        <Text c="dimmed">{subscription === null ? t('noPlan') : '…'}</Text>
      )}
      <Text fw={600} mt="sm">
        {t('statements')}
      </Text>
      <Group gap="sm">
        {lastMonths(3).map((month) => (
          <Anchor
            key={month}
            component="button"
            type="button"
            onClick={() => void openStatement(month)}
            data-testid="statement"
            data-month={month}
          >
            {month}
          </Anchor>
        ))}
      </Group>
    </Paper>
  );
}

export default function CustomerWalletPage() {
  const session = useSession();
  const isBusiness = (session.user as CustomerProfile | null)?.customerType === 'B2B';
  return (
    <Stack>
      <WalletPanel />
      {isBusiness && <BusinessPlan />}
    </Stack>
  );
}
