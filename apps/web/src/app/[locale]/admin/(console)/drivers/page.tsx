'use client';
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import type { AdminDriver } from '@truck4u/contracts';
import { formatDate, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { DriverDocumentsDialog } from '@/components/admin/driver-documents-dialog';
import { ReasonDialog } from '@/components/admin/reason-dialog';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMay } from '@/components/admin/use-admin';
import { useKeysetPages } from '@/components/admin/use-keyset-pages';
import { useErrorText } from '@/components/use-error-text';

type View = 'queue' | 'all';
type Pending = { kind: 'reject' | 'suspend'; driver: AdminDriver } | null;

const VERIFICATION_COLOURS = {
  PENDING_VERIFICATION: 'yellow.9',
  VERIFIED: 'green.9',
  REJECTED: 'red.9',
} as const;

function DriversTable() {
  const t = useTranslations('admin');
  const tVehicle = useTranslations('vehicle');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const mayVerify = useAdminMay('drivers.verify');
  const maySuspend = useAdminMay('drivers.suspend');
  const mayReviewDocuments = useAdminMay('documents.review');
  const [reviewing, setReviewing] = useState<AdminDriver | null>(null);
  const [view, setView] = useState<View>('queue');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [pending, setPending] = useState<Pending>(null);
  const fetchPage = useCallback(
    (cursor?: string) =>
      getAdminApi().drivers.list({
        ...(view === 'queue' ? { verificationStatus: 'PENDING_VERIFICATION', order: 'oldest' as const } : {}),
        q: query || undefined,
        cursor,
      }),
    [view, query],
  );
  const { rows, setRows, next, busy, error, setError, loadMore } = useKeysetPages(fetchPage);

  const replace = (driver: Partial<AdminDriver> & { id: string }) =>
    setRows((list) => list.map((row) => (row.id === driver.id ? { ...row, ...driver } : row)));

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    setQuery(q.trim());
  }

  return (
    <>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'queue', label: t('drivers.queue') },
            { value: 'all', label: t('common.all') },
          ]}
          aria-label={t('drivers.title')}
        />
        <Paper component="form" onSubmit={search} role="search">
          <Group gap="xs" align="flex-end">
            <TextInput
              label={t('common.search')}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              data-testid="admin-driver-search"
            />
            <Button type="submit" variant="default">
              {t('common.search')}
            </Button>
          </Group>
        </Paper>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={820}>
        <Table striped verticalSpacing="xs" aria-busy={busy}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('common.phone')}</Table.Th>
              <Table.Th>{t('drivers.vehicle')}</Table.Th>
              <Table.Th>{t('drivers.verification')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((driver) => (
              <Table.Tr
                key={driver.id}
                data-testid="admin-driver-row"
                data-driver-id={driver.id}
                data-suspended={driver.isDeactivated}
              >
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {driver.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(driver.createdAt, locale)}
                  </Text>
                </Table.Td>
                <Table.Td dir="ltr">{driver.phone}</Table.Td>
                <Table.Td>
                  <Text size="sm">{tVehicle(driver.vehicle.type)}</Text>
                  <Text size="xs" c="dimmed" dir="ltr">
                    {driver.vehicle.plate}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" color={VERIFICATION_COLOURS[driver.verificationStatus]}>
                    {t(`drivers.${driver.verificationStatus}`)}
                  </Badge>
                  {driver.verificationReason && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {driver.verificationReason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={driver.isDeactivated ? 'red' : 'green'}>
                    {driver.isDeactivated ? t('common.suspended') : t('common.active')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Button
                      size="xs"
                      variant={driver.verificationStatus === 'PENDING_VERIFICATION' ? 'filled' : 'default'}
                      data-testid="admin-driver-documents"
                      onClick={() => setReviewing(driver)}
                    >
                      {t('documents.open')}
                    </Button>
                    {mayVerify && driver.verificationStatus === 'PENDING_VERIFICATION' && (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        data-testid="admin-reject"
                        onClick={() => setPending({ kind: 'reject', driver })}
                      >
                        {t('drivers.reject')}
                      </Button>
                    )}
                    {maySuspend &&
                      (driver.isDeactivated ? (
                        <Button
                          size="xs"
                          variant="default"
                          data-testid="admin-activate"
                          onClick={() =>
                            void act(async () => {
                              await getAdminApi().drivers.activate(driver.id);
                              replace({ id: driver.id, isDeactivated: false, deactivatedAt: null });
                            })
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
                          onClick={() => setPending({ kind: 'suspend', driver })}
                        >
                          {t('common.suspend')}
                        </Button>
                      ))}
                  </Group>
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
      <DriverDocumentsDialog
        driver={reviewing}
        mayReview={mayReviewDocuments}
        onClose={() => setReviewing(null)}
        onVerified={(id) => replace({ id, verificationStatus: 'VERIFIED' })}
      />
      <ReasonDialog
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={`${pending?.kind === 'reject' ? t('drivers.reject') : t('common.suspend')} — ${pending?.driver.name ?? ''}`}
        label={pending?.kind === 'reject' ? t('drivers.rejectReason') : t('drivers.suspendReason')}
        confirmLabel={pending?.kind === 'reject' ? t('drivers.reject') : t('common.suspend')}
        minLength={pending?.kind === 'reject' ? 3 : 0}
        confirmTestId={pending?.kind === 'reject' ? 'admin-reject-confirm' : 'admin-suspend-confirm'}
        onConfirm={async (reason) => {
          if (!pending) return;
          const { driver } = pending;
          if (pending.kind === 'reject') {
            replace(await getAdminApi().drivers.verify(driver.id, false, reason));
          } else {
            await getAdminApi().drivers.suspend(driver.id, reason || undefined);
            replace({ id: driver.id, isDeactivated: true, deactivationReason: reason || null });
          }
        }}
      />
    </>
  );
}

export default function AdminDriversPage() {
  const t = useTranslations('admin.drivers');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="drivers.read">
        <DriversTable />
      </AdminOnly>
    </AdminPage>
  );
}
