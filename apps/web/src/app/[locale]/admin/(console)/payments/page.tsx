'use client';
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { type AdminPaymentsFilter, formatDateTime, formatTnd, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { RefundButton } from '@/components/admin/refund-button';
import { AdminOnly } from '@/components/admin/require-admin';
import { useKeysetPages, withoutBlankFields } from '@/components/admin/use-keyset-pages';
import { Link } from '@/i18n/navigation';

const STATUSES = ['PENDING', 'HELD', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
const METHODS = ['CASH', 'WALLET', 'FLOUCI', 'CARD'] as const;
const STATUS_COLOURS = {
  PENDING: 'yellow.9',
  HELD: 'indigo.8',
  SUCCEEDED: 'green.9',
  FAILED: 'red.9',
  REFUNDED: 'gray.7',
} as const;

function PaymentsTable() {
  const t = useTranslations('admin');
  const locale = useLocale() as Locale;
  const [draft, setDraft] = useState<AdminPaymentsFilter>({});
  const [filter, setFilter] = useState<AdminPaymentsFilter>({});
  const fetchPage = useCallback(
    (cursor?: string) => getAdminApi().payments.list({ ...filter, cursor }),
    [filter],
  );
  const { rows, setRows, next, busy, error, loadMore } = useKeysetPages(fetchPage);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter(withoutBlankFields(draft));
  }
  const set = (key: keyof AdminPaymentsFilter) => (value: string | null) =>
    setDraft((d) => ({ ...d, [key]: value || undefined }));

  return (
    <>
      <Paper withBorder p="sm" radius="md" component="form" onSubmit={apply} aria-label={t('common.search')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('common.status')}
            placeholder={t('common.all')}
            clearable
            data={STATUSES.map((s) => ({ value: s, label: t(`payments.${s}`) }))}
            value={draft.status ?? null}
            onChange={set('status')}
            w={170}
          />
          <Select
            label={t('common.method')}
            placeholder={t('common.all')}
            clearable
            data={METHODS.map((m) => ({ value: m, label: t(`payments.${m}`) }))}
            value={draft.method ?? null}
            onChange={set('method')}
            w={170}
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
          <Button type="submit">{t('common.apply')}</Button>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing="xs" aria-busy={busy}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.when')}</Table.Th>
              <Table.Th ta="end">{t('common.amount')}</Table.Th>
              <Table.Th>{t('common.method')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('payments.ride')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((payment) => (
              <Table.Tr key={payment.id} data-testid="admin-payment-row" data-payment-id={payment.id}>
                <Table.Td>{formatDateTime(payment.createdAt, locale)}</Table.Td>
                <Table.Td ta="end">{formatTnd(payment.amount, locale)}</Table.Td>
                <Table.Td>{t(`payments.${payment.method}`)}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={STATUS_COLOURS[payment.status]}>
                    {t(`payments.${payment.status}`)}
                  </Badge>
                  {payment.refundReason && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {payment.refundReason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {payment.rideId ? (
                    <Anchor component={Link} href={`/admin/rides/${payment.rideId}`} size="sm">
                      {payment.rideId.slice(0, 8)}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <RefundButton
                    payment={payment}
                    onRefunded={(refunded) =>
                      setRows((list) => list.map((p) => (p.id === refunded.id ? refunded : p)))
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!busy && rows.length === 0 && !error && <Text c="dimmed">{t('common.empty')}</Text>}
      {next && (
        <Button variant="default" loading={busy} onClick={loadMore}>
          {t('common.more')}
        </Button>
      )}
    </>
  );
}

export default function AdminPaymentsPage() {
  const t = useTranslations('admin.payments');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="payments.read">
        <PaymentsTable />
      </AdminOnly>
    </AdminPage>
  );
}
