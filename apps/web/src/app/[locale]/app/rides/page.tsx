'use client';
import { Alert, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import type { Ride, RideStatus } from '@truck4u/contracts';
import { ACTIVE_RIDE_STATUSES, formatDateTime, type Locale, RIDE_STATUS_LIST } from '@truck4u/logic';
import { PriceTag } from '@truck4u/ui';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { StatusBadge } from '@/components/ride-status';
import { useErrorText } from '@/components/use-error-text';
import { Link } from '@/i18n/navigation';
import { getApi } from '@/lib/app-client';

type Filter = 'ALL' | 'ACTIVE' | RideStatus;

export default function RideHistoryPage() {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>('ALL');
  const [rides, setRides] = useState<Ride[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const status =
      filter === 'ALL'
        ? undefined
        : filter === 'ACTIVE'
          ? ['PENDING_BIDS' as const, ...ACTIVE_RIDE_STATUSES]
          : [filter];
    setRides(null);
    getApi()
      .rides.list({ status, limit: 50 })
      .then((page) => setRides(page.items))
      .catch((e) => setError(errorText(e)));
  }, [filter, errorText]);

  return (
    <Stack maw={800}>
      <Group justify="space-between">
        <Title order={2}>{t('ride.history')}</Title>
        <NativeSelect
          label={t('ride.filter')}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value as Filter)}
          data={[
            { value: 'ALL', label: t('ride.all') },
            { value: 'ACTIVE', label: t('ride.active') },
            ...RIDE_STATUS_LIST.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
          data-testid="ride-filter"
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {rides === null ? (
        <Text>{t('common.loading')}</Text>
      ) : rides.length === 0 ? (
        <Text c="dimmed">{t('ride.noRides')}</Text>
      ) : (
        rides.map((ride) => (
          <Card
            key={ride.id}
            withBorder
            component={Link}
            href={`/app/rides/${ride.id}`}
            data-testid="ride-row"
            data-ride-id={ride.id}
          >
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>
                  {ride.pickup.address.split(',')[0]} → {ride.dropoff.address.split(',')[0]}
                </Text>
                <Text size="sm" c="dimmed">
                  {formatDateTime(ride.createdAt, locale)} · {t(`vehicle.${ride.vehicleType}`)}
                </Text>
              </div>
              <Stack gap={4} align="flex-end">
                <StatusBadge status={ride.status} testId="ride-row-status" />
                <PriceTag millimes={ride.price ?? ride.priceEstimate} locale={locale} align="end" />
              </Stack>
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
