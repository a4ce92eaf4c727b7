'use client';
import { Alert, Button, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Wallet, WalletTransaction } from '@truck4u/contracts';
import { formatDateTime, formatTnd, type Locale, newIdempotencyKey } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { getApi } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

/** Balance, a Flouci top-up and the transactions; used by customers and drivers. */
export function WalletPanel(props: { extra?: (wallet: Wallet) => ReactNode }) {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [items, setItems] = useState<WalletTransaction[]>([]);
  const [amount, setAmount] = useState<number | ''>(50);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const topUpKey = useRef(newIdempotencyKey());

  useEffect(() => {
    getApi()
      .wallet.get()
      .then(setWallet)
      .catch((e) => setError(errorText(e)));
    getApi()
      .wallet.transactions()
      .then((p) => setItems(p.items))
      .catch(() => undefined);
  }, [errorText]);

  return (
    <Stack maw={800}>
      <Title order={2}>{t('wallet.title')}</Title>
      {error && <Alert color="red">{error}</Alert>}
      <Paper withBorder p="md" radius="md">
        <Text size="sm">{t('wallet.balance')}</Text>
        <Text
          size="2rem"
          fw={700}
          data-testid="wallet-balance"
          data-amount={wallet?.balance}
          c={wallet && wallet.balance < 0 ? 'red.9' : undefined}
        >
          {wallet ? formatTnd(wallet.balance, locale) : '—'}
        </Text>
        {wallet && props.extra?.(wallet)}
      </Paper>
      <Paper
        withBorder
        p="md"
        radius="md"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typeof amount !== 'number') return;
          setBusy(true);
          getApi()
            .wallet.topUp(Math.round(amount * 1000), topUpKey.current)
            .then((payment) => {
              topUpKey.current = newIdempotencyKey();
              if (payment.redirectUrl) window.location.assign(payment.redirectUrl);
            })
            .catch((err) => setError(errorText(err)))
            .finally(() => setBusy(false));
        }}
      >
        <Group align="flex-end">
          <NumberInput
            data-testid="top-up-amount"
            label={t('wallet.amount')}
            min={1}
            max={2000}
            value={amount}
            onChange={(v) => setAmount(typeof v === 'number' ? v : '')}
          />
          <Button type="submit" loading={busy} data-testid="top-up">
            {t('wallet.topUpSubmit')}
          </Button>
        </Group>
      </Paper>
      <Title order={3} size="h4">
        {t('wallet.transactions')}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed">{t('wallet.noTransactions')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={400}>
          <Table striped>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{formatDateTime(item.createdAt, locale)}</Table.Td>
                  <Table.Td>{item.label}</Table.Td>
                  <Table.Td style={{ textAlign: 'end' }} c={item.amount < 0 ? 'red.9' : 'green.9'}>
                    {formatTnd(item.amount, locale)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
