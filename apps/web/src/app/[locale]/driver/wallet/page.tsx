'use client';
import { Text } from '@mantine/core';
import { formatTnd, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { WalletPanel } from '@/components/wallet-panel';

export default function DriverWalletPage() {
  const t = useTranslations('driver');
  const locale = useLocale() as Locale;
  return (
    <WalletPanel
      extra={(wallet) => (
        <>
          {wallet.balance < 0 && (
            <Text size="sm">
              {t('owed')}: {formatTnd(-wallet.balance, locale)}
            </Text>
          )}
          {wallet.minimumBalanceToGoOnline !== undefined &&
            wallet.balance < wallet.minimumBalanceToGoOnline && (
              <Text size="sm" c="red.9" role="alert">
                {t('belowMinimum', { minimum: formatTnd(wallet.minimumBalanceToGoOnline, locale) })}
              </Text>
            )}
        </>
      )}
    />
  );
}
