'use client';
import { Alert, Badge, Button, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import type { AdminCustomer } from '@truck4u/contracts';
import { formatDate, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { ReasonDialog } from '@/components/admin/reason-dialog';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMay } from '@/components/admin/use-admin';
import { useKeysetPages } from '@/components/admin/use-keyset-pages';
import { useErrorText } from '@/components/use-error-text';

function CustomersTable() {
  const t = useTranslations('admin');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const maySuspend = useAdminMay('customers.suspend');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [suspending, setSuspending] = useState<AdminCustomer | null>(null);
  const fetchPage = useCallback(
    (cursor?: string) => getAdminApi().customers.list({ q: query || undefined, cursor }),
    [query],
  );
  const { rows, setRows, next, busy, error, setError, loadMore } = useKeysetPages(fetchPage);

  const replace = (id: string, change: Partial<AdminCustomer>) =>
    setRows((list) => list.map((row) => (row.id === id ? { ...row, ...change } : row)));

  function search(event: FormEvent) {
    event.preventDefault();
    setQuery(q.trim());
  }

  return (
    <>
      <Paper component="form" onSubmit={search} role="search">
        <Group gap="xs" align="flex-end">
          <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <Button type="submit" variant="default">
            {t('common.search')}
          </Button>
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
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('common.phone')}</Table.Th>
              <Table.Th>{t('customers.type')}</Table.Th>
              <Table.Th>{t('nav.rides')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((customer) => (
              <Table.Tr key={customer.id} data-testid="admin-customer-row" data-customer-id={customer.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {customer.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(customer.createdAt, locale)}
                  </Text>
                </Table.Td>
                <Table.Td dir="ltr">{customer.phone}</Table.Td>
                <Table.Td>
                  {customer.customerType}
                  {customer.company && (
                    <Text size="xs" c="dimmed">
                      {customer.company.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{customer.ridesCount}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={customer.isDeactivated ? 'red' : 'green'}>
                    {customer.isDeactivated ? t('common.suspended') : t('common.active')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {maySuspend &&
                    (customer.isDeactivated ? (
                      <Button
                        size="xs"
                        variant="default"
                        data-testid="admin-activate"
                        onClick={() =>
                          getAdminApi()
                            .customers.activate(customer.id)
                            .then(() => replace(customer.id, { isDeactivated: false, deactivatedAt: null }))
                            .catch((e: unknown) => setError(errorText(e)))
                        }
                      >
                        {t('common.activate')}
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        data-testid="admin-suspend"
                        onClick={() => setSuspending(customer)}
                      >
                        {t('common.suspend')}
                      </Button>
                    ))}
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
      <ReasonDialog
        opened={suspending !== null}
        onClose={() => setSuspending(null)}
        title={`${t('common.suspend')} — ${suspending?.name ?? ''}`}
        label={t('drivers.suspendReason')}
        confirmLabel={t('common.suspend')}
        minLength={0}
        confirmTestId="admin-suspend-confirm"
        onConfirm={async (reason) => {
          if (!suspending) return;
          await getAdminApi().customers.suspend(suspending.id, reason || undefined);
          replace(suspending.id, { isDeactivated: true, deactivationReason: reason || null });
        }}
      />
    </>
  );
}

export default function AdminCustomersPage() {
  const t = useTranslations('admin.customers');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="customers.read">
        <CustomersTable />
      </AdminOnly>
    </AdminPage>
  );
}
