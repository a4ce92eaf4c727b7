'use client';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import type { AdminDispute, DisputeStatus } from '@truck4u/contracts';
import { formatDateTime, formatTnd, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMay } from '@/components/admin/use-admin';
import { useKeysetPages } from '@/components/admin/use-keyset-pages';
import { useErrorText } from '@/components/use-error-text';
import { Link } from '@/i18n/navigation';

const COLOURS: Record<DisputeStatus, string> = { OPEN: 'orange.8', RESOLVED: 'green.9', REJECTED: 'gray.7' };

/** The decision form of an open dispute: resolution text, an optional refund, resolve or reject. */
function Decide(props: { dispute: AdminDispute; mayRefund: boolean; onDecided: (d: AdminDispute) => void }) {
  const t = useTranslations('admin.disputes');
  const errorText = useErrorText();
  const [resolution, setResolution] = useState('');
  const [refund, setRefund] = useState<number | string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function decide(status: 'RESOLVED' | 'REJECTED') {
    setBusy(true);
    setError(null);
    try {
      const refundAmount =
        status === 'RESOLVED' && typeof refund === 'number' && refund > 0
          ? Math.round(refund * 1000)
          : undefined;
      props.onDecided(
        await getAdminApi().disputes.resolve(props.dispute.id, {
          status,
          resolution: resolution.trim(),
          ...(refundAmount ? { refundAmount } : {}),
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs" mt="xs">
      <Textarea
        label={t('resolution')}
        value={resolution}
        onChange={(e) => setResolution(e.currentTarget.value)}
        data-testid="admin-dispute-resolution"
      />
      {props.mayRefund && (
        <NumberInput
          label={t('refund')}
          value={refund}
          onChange={setRefund}
          min={0}
          decimalScale={3}
          w={220}
          data-testid="admin-dispute-refund"
        />
      )}
      {error && <Alert color="red">{error}</Alert>}
      <Group gap="xs">
        <Button
          size="xs"
          color="green.8"
          loading={busy}
          disabled={resolution.trim().length < 3}
          onClick={() => void decide('RESOLVED')}
          data-testid="admin-dispute-resolve"
        >
          {t('resolve')}
        </Button>
        <Button
          size="xs"
          variant="light"
          color="red"
          loading={busy}
          disabled={resolution.trim().length < 3}
          onClick={() => void decide('REJECTED')}
          data-testid="admin-dispute-reject"
        >
          {t('reject')}
        </Button>
      </Group>
    </Stack>
  );
}

function DisputesList() {
  const t = useTranslations('admin.disputes');
  const tCommon = useTranslations('admin.common');
  const tReason = useTranslations('dispute.reasons');
  const locale = useLocale() as Locale;
  const mayResolve = useAdminMay('disputes.resolve');
  const mayRefund = useAdminMay('payments.refund');
  const [status, setStatus] = useState<DisputeStatus>('OPEN');
  const fetchPage = useCallback(
    (cursor?: string) => getAdminApi().disputes.list({ status, cursor }),
    [status],
  );
  const { rows, setRows, next, busy, error, loadMore } = useKeysetPages(fetchPage);
  return (
    <Stack>
      <SegmentedControl
        value={status}
        onChange={(v) => setStatus(v as DisputeStatus)}
        data={(['OPEN', 'RESOLVED', 'REJECTED'] as const).map((value) => ({ value, label: t(value) }))}
        aria-label={t('title')}
        w="fit-content"
      />
      {error && <Alert color="red">{error}</Alert>}
      {rows.map((dispute) => (
        <Card
          key={dispute.id}
          withBorder
          radius="md"
          data-testid="admin-dispute"
          data-dispute-id={dispute.id}
        >
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600}>
              {tReason(dispute.reason)} · {t('openedBy', { role: t(dispute.openedBy) })}
            </Text>
            <Badge color={COLOURS[dispute.status]}>{t(dispute.status)}</Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {formatDateTime(dispute.createdAt, locale)} ·{' '}
            <Anchor component={Link} href={`/admin/rides/${dispute.rideId}`} size="xs">
              {t('ride')}
            </Anchor>
          </Text>
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            <bdi>{dispute.description}</bdi>
          </Text>
          {dispute.resolution && (
            <Text size="sm" mt={4} c="dimmed">
              <bdi>{dispute.resolution}</bdi>
              {dispute.refundAmount ? ` · ${formatTnd(dispute.refundAmount, locale)}` : ''}
            </Text>
          )}
          {mayResolve && dispute.status === 'OPEN' && (
            <Decide
              dispute={dispute}
              mayRefund={mayRefund}
              onDecided={(decided) => setRows((list) => list.map((d) => (d.id === decided.id ? decided : d)))}
            />
          )}
        </Card>
      ))}
      {!busy && rows.length === 0 && !error && <Text c="dimmed">{tCommon('empty')}</Text>}
      {next && (
        <Button variant="default" loading={busy} onClick={loadMore}>
          {tCommon('more')}
        </Button>
      )}
    </Stack>
  );
}

export default function AdminDisputesPage() {
  const t = useTranslations('admin.disputes');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="disputes.read">
        <DisputesList />
      </AdminOnly>
    </AdminPage>
  );
}
