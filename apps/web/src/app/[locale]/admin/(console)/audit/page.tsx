'use client';
import { Alert, Button, Code, Table, Text } from '@mantine/core';
import type { AdminAuditEntry } from '@truck4u/contracts';
import { formatDateTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useKeysetPages } from '@/components/admin/use-keyset-pages';
import { Link } from '@/i18n/navigation';

/** A short, readable summary of what changed (`before` → `after`), for the table cell. */
function change(entry: AdminAuditEntry): string {
  const text = (value: unknown) => (value == null ? '' : JSON.stringify(value));
  const summary = [text(entry.before), text(entry.after)].filter(Boolean).join(' → ');
  return summary.length > 160 ? `${summary.slice(0, 157)}…` : summary;
}

function AuditTable() {
  const t = useTranslations('admin');
  const locale = useLocale() as Locale;
  const fetchPage = useCallback((cursor?: string) => getAdminApi().audit(cursor), []);
  const { rows, next, busy, error, loadMore } = useKeysetPages(fetchPage);

  return (
    <>
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
              <Table.Th>{t('audit.admin')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => (
              <Table.Tr key={entry.id} data-testid="admin-audit-row" data-action={entry.action}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, locale)}</Table.Td>
                <Table.Td>{entry.adminName ?? entry.adminId.slice(0, 8)}</Table.Td>
                <Table.Td>
                  <Code>{entry.action}</Code>
                </Table.Td>
                <Table.Td>
                  {entry.targetType === 'ride' ? (
                    <Link
                      href={`/admin/rides/${entry.targetId}`}
                    >{`ride ${entry.targetId.slice(0, 8)}`}</Link>
                  ) : (
                    `${entry.targetType} ${entry.targetId.slice(0, 8)}`
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }} dir="ltr">
                    {change(entry)}
                  </Text>
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

export default function AdminAuditPage() {
  const t = useTranslations('admin.audit');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="audit.read">
        <AuditTable />
      </AdminOnly>
    </AdminPage>
  );
}
