'use client';
import { Alert, Button, Group, Paper, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import type { AdminConsoleStats } from '@truck4u/contracts';
import { formatTnd, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { BarChart } from '@/components/admin/bar-chart';
import { AdminOnly } from '@/components/admin/require-admin';
import { useErrorText } from '@/components/use-error-text';

/** A calendar day in Tunis, `days` before today (the api reads the period as Tunis days). */
function tunisDay(daysBefore = 0): string {
  const day = new Date(Date.now() - daysBefore * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' }).format(day);
}

function StatsBoard() {
  const t = useTranslations('admin');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [from, setFrom] = useState(() => tunisDay(29));
  const [to, setTo] = useState(() => tunisDay());
  const [stats, setStats] = useState<AdminConsoleStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (period: { from: string; to: string }) => {
      setBusy(true);
      setError(null);
      try {
        setStats(await getAdminApi().stats(period));
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [errorText],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first period only; later ones on "show"
  useEffect(() => {
    void load({ from, to });
  }, [load]);

  function show(event: FormEvent) {
    event.preventDefault();
    void load({ from, to });
  }

  const series = stats?.period.series ?? [];
  const day = (date: string) => date.slice(5);
  const count = (n: number) => String(n);
  const money = (n: number) => formatTnd(n, locale);
  const totals = stats?.period.totals;

  return (
    <>
      <Paper withBorder p="sm" radius="md" component="form" onSubmit={show} aria-label={t('stats.period')}>
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={t('common.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('common.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t('stats.show')}
          </Button>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {stats && totals && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="admin-stats-totals">
            {[
              [t('stats.ridesCreated'), count(totals.ridesPosted)],
              [t('stats.ridesCompleted'), count(totals.ridesCompleted)],
              [t('stats.gmv'), money(totals.gmv)],
              [t('stats.commission'), money(totals.commission)],
              [t('stats.onlineDrivers'), count(stats.drivers.online)],
              [t('stats.pendingDrivers'), count(stats.drivers.pendingVerification)],
            ].map(([label, value]) => (
              <Paper key={label} withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="lg">
                  {value}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(
              [
                ['ridesPosted', t('stats.ridesCreated'), count, undefined],
                ['ridesCompleted', t('stats.ridesCompleted'), count, 'var(--mantine-color-green-7)'],
                ['gmv', t('stats.gmv'), money, 'var(--mantine-color-indigo-7)'],
                ['commission', t('stats.commission'), money, 'var(--mantine-color-orange-7)'],
              ] as const
            ).map(([key, label, format, color]) => (
              <Paper key={key} withBorder p="sm" radius="md">
                <BarChart
                  label={t('stats.chartLabel', {
                    metric: label,
                    from: stats.period.from,
                    to: stats.period.to,
                  })}
                  points={series.map((point) => ({
                    key: point.date,
                    label: day(point.date),
                    value: point[key],
                  }))}
                  format={format}
                  color={color}
                />
              </Paper>
            ))}
          </SimpleGrid>
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing={4} captionSide="top">
              <Table.Caption>{t('stats.perDay')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('common.when')}</Table.Th>
                  <Table.Th ta="end">{t('stats.ridesCreated')}</Table.Th>
                  <Table.Th ta="end">{t('stats.ridesCompleted')}</Table.Th>
                  <Table.Th ta="end">{t('stats.gmv')}</Table.Th>
                  <Table.Th ta="end">{t('stats.commission')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {series
                  .filter((point) => point.ridesPosted > 0 || point.ridesCompleted > 0)
                  .map((point) => (
                    <Table.Tr key={point.date}>
                      <Table.Td>{point.date}</Table.Td>
                      <Table.Td ta="end">{point.ridesPosted}</Table.Td>
                      <Table.Td ta="end">{point.ridesCompleted}</Table.Td>
                      <Table.Td ta="end">{money(point.gmv)}</Table.Td>
                      <Table.Td ta="end">{money(point.commission)}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </>
  );
}

export default function AdminStatsPage() {
  const t = useTranslations('admin.stats');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="stats.read">
        <StatsBoard />
      </AdminOnly>
    </AdminPage>
  );
}
