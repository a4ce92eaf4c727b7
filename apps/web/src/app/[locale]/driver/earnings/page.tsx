'use client';
import { Alert, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Earnings } from '@truck4u/contracts';
import { formatDateTime, formatTnd, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';
import { getApi } from '@/lib/app-client';

export default function EarningsPage() {
  const t = useTranslations('driver');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [earnings, setEarnings] = useState<Earnings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getApi()
      .drivers.earnings()
      .then(setEarnings)
      .catch((e) => setError(errorText(e)));
  }, [errorText]);
  return (
    <Stack maw={800}>
      <Title order={2}>{t('earningsTitle')}</Title>
      {error && <Alert color="red">{error}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {(['today', 'week', 'month'] as const).map((period) => {
          const totals = earnings?.[period];
          return (
            <Paper
              key={period}
              withBorder
              p="md"
              radius="md"
              data-testid={`earnings-${period}`}
              data-rides={totals?.rides}
              data-gross={totals?.gross}
              data-net={totals?.net}
            >
              <Text size="sm">{t(period)}</Text>
              <Text size="xl" fw={700}>
                {totals ? formatTnd(totals.net, locale) : '—'}
              </Text>
              {totals && (
                <Text size="xs" c="dimmed">
                  {t('ridesCount', { count: totals.rides })} · {t('gross')} {formatTnd(totals.gross, locale)}{' '}
                  · {t('commission')} {formatTnd(totals.commission, locale)}
                </Text>
              )}
            </Paper>
          );
        })}
      </SimpleGrid>
      {earnings && earnings.rides.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('gross')}</Table.Th>
                <Table.Th>{t('commission')}</Table.Th>
                <Table.Th>{t('net')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {earnings.rides.map((r) => (
                <Table.Tr key={r.rideId}>
                  <Table.Td>{formatDateTime(r.completedAt, locale)}</Table.Td>
                  <Table.Td>{formatTnd(r.gross, locale)}</Table.Td>
                  <Table.Td>{formatTnd(r.commission, locale)}</Table.Td>
                  <Table.Td>{formatTnd(r.net, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
