import { formatDateTime } from '@truck4u/logic';
import { Card, mutedText, Notice, PriceTag, spacing } from '@truck4u/ui';
import { useCallback } from 'react';
import { Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';
import { Screen } from './screen';
import { useFocusLoad } from './use-focus-load';

/** Balance and the latest operations (top-up through Flouci comes with the payment hand-off, later). */
export function WalletScreen() {
  const { t, locale, errorText } = useI18n();
  const { api } = useServices();
  const wallet = useFocusLoad(
    useCallback(async () => {
      const [balance, history] = await Promise.all([api.wallet.get(), api.wallet.transactions()]);
      return { balance, transactions: history.items };
    }, [api]),
  );
  return (
    <Screen title={t.wallet.title} onRefresh={wallet.reload} refreshing={wallet.loading}>
      <Notice text={errorText(wallet.error)} />
      {wallet.data ? (
        <>
          <Card>
            <PriceTag
              label={t.wallet.balance}
              millimes={wallet.data.balance.balance}
              locale={locale}
              size="lg"
              testID="wallet-balance"
            />
          </Card>
          <Card title={t.wallet.transactions}>
            {wallet.data.transactions.length === 0 ? (
              <Text style={mutedText}>{t.wallet.noTransactions}</Text>
            ) : null}
            {wallet.data.transactions.map((tx) => (
              <View
                key={tx.id}
                style={{ flexDirection: 'row', justifyContent: 'space-between', gap: spacing.md }}
              >
                <View style={{ flex: 1 }}>
                  <Text>{tx.label}</Text>
                  <Text style={mutedText}>{formatDateTime(tx.createdAt, locale)}</Text>
                </View>
                <PriceTag millimes={tx.amount} locale={locale} />
              </View>
            ))}
          </Card>
        </>
      ) : null}
    </Screen>
  );
}
