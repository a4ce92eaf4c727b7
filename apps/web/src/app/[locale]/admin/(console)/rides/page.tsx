'use client';
import { Alert, Anchor, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import type { RideStatus } from '@truck4u/contracts';
import {
  type AdminRidesFilter,
  formatDateTime,
  GOVERNORATE_LIST,
  type Locale,
  RIDE_STATUS_LIST,
} from '@truck4u/logic';
import { PriceTag } from '@truck4u/ui';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useKeysetPages, withoutBlankFields } from '@/components/admin/use-keyset-pages';
import { StatusBadge } from '@/components/ride-status';
import { Link } from '@/i18n/navigation';

const EMPTY: AdminRidesFilter = {};

function RidesTable() {
  const t = useTranslations('admin');
  const tStatus = useTranslations('status');
  const locale = useLocale() as Locale;
  const [draft, setDraft] = useState<AdminRidesFilter>(EMPTY);
  const [filter, setFilter] = useState<AdminRidesFilter>(EMPTY);
  const fetchPage = useCallback(
    (cursor?: string) => getAdminApi().rides.list({ ...filter, cursor }),
    [filter],
  );
  const { rows, next, busy, error, loadMore } = useKeysetPages(fetchPage);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter(withoutBlankFields(draft));
  }

  const set = (key: keyof AdminRidesFilter) => (value: string | null) =>
    setDraft((d) => ({ ...d, [key]: value || undefined }));

  return (
    <>
      <Paper withBorder p="sm" radius="md" component="form" onSubmit={apply} aria-label={t('common.search')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('common.status')}
            placeholder={t('common.all')}
            clearable
            data={RIDE_STATUS_LIST.map((status) => ({ value: status, label: tStatus(status) }))}
            value={draft.status ?? null}
            onChange={(v) => setDraft((d) => ({ ...d, status: (v as RideStatus) || undefined }))}
            w={200}
            data-testid="admin-filter-status"
          />
          <Select
            label={t('rides.governorate')}
            placeholder={t('common.all')}
            clearable
            searchable
            data={GOVERNORATE_LIST.map((g) => ({ value: g.code, label: g.name }))}
            value={draft.governorate ?? null}
            onChange={set('governorate')}
            w={180}
            data-testid="admin-filter-governorate"
          />
          <TextInput
            type="date"
            label={t('common.from')}
            value={draft.from ?? ''}
            onChange={(e) => set('from')(e.currentTarget.value)}
            w={160}
          />
          <TextInput
            type="date"
            label={t('common.to')}
            value={draft.to ?? ''}
            onChange={(e) => set('to')(e.currentTarget.value)}
            w={160}
          />
          <TextInput
            label={t('common.search')}
            description={t('rides.text')}
            value={draft.q ?? ''}
            onChange={(e) => set('q')(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
            data-testid="admin-filter-q"
          />
          <Button type="submit" data-testid="admin-filter-apply">
            {t('common.apply')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilter(EMPTY);
            }}
          >
            {t('common.reset')}
          </Button>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={880}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={busy}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('rides.created')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('rides.route')}</Table.Th>
              <Table.Th>{t('rides.governorate')}</Table.Th>
              <Table.Th>{t('rides.customer')}</Table.Th>
              <Table.Th>{t('rides.driver')}</Table.Th>
              <Table.Th ta="end">{t('rides.price')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((ride) => (
              <Table.Tr
                key={ride.id}
                data-testid="admin-ride-row"
                data-ride-id={ride.id}
                data-status={ride.status}
              >
                <Table.Td>
                  <Anchor component={Link} href={`/admin/rides/${ride.id}`} size="sm">
                    {formatDateTime(ride.createdAt, locale)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={ride.status} testId="admin-ride-row-status" />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {ride.pickup.address} → {ride.dropoff.address}
                  </Text>
                </Table.Td>
                <Table.Td>{ride.governorate.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">{ride.customer.name}</Text>
                  <Text size="xs" c="dimmed" dir="ltr">
                    {ride.customer.phone}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {ride.driver ? (
                    <>
                      <Text size="sm">{ride.driver.name}</Text>
                      <Text size="xs" c="dimmed" dir="ltr">
                        {ride.driver.plate}
                      </Text>
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <PriceTag millimes={ride.price ?? ride.priceEstimate} locale={locale} align="end" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!busy && rows.length === 0 && !error && <Text c="dimmed">{t('common.empty')}</Text>}
      {next && (
        <Button variant="default" loading={busy} onClick={loadMore} data-testid="admin-more">
          {t('common.more')}
        </Button>
      )}
    </>
  );
}

export default function AdminRidesPage() {
  const t = useTranslations('admin.rides');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="rides.read">
        <RidesTable />
      </AdminOnly>
    </AdminPage>
  );
}
