'use client';
import { Alert, Badge, Button, Grid, Group, Stack, Table, Text, Timeline } from '@mantine/core';
import type { AdminPayment, AdminRideDetail, RideStatus } from '@truck4u/contracts';
import { formatDateTime, formatDistance, formatTnd, type Locale } from '@truck4u/logic';
import { useParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminSection } from '@/components/admin/admin-section';
import { DeliveryCodePanel } from '@/components/admin/delivery-code-panel';
import { ReasonDialog } from '@/components/admin/reason-dialog';
import { RefundButton } from '@/components/admin/refund-button';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMay } from '@/components/admin/use-admin';
import { RideMap } from '@/components/ride-map';
import { RideProofs } from '@/components/ride-proofs';
import { StatusBadge } from '@/components/ride-status';
import { useErrorText } from '@/components/use-error-text';
import { getRealtime } from '@/lib/app-client';

const ENDED: RideStatus[] = ['COMPLETED', 'CANCELLED'];
const REDISPATCHABLE: RideStatus[] = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'];

function RideDetail(props: { id: string }) {
  const t = useTranslations('admin');
  const tRide = useTranslations('ride');
  const tStatus = useTranslations('status');
  const tChat = useTranslations('chat');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const mayCancel = useAdminMay('rides.cancel');
  const mayRedispatch = useAdminMay('rides.redispatch');
  const [detail, setDetail] = useState<AdminRideDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setDetail(await getAdminApi().rides.get(props.id));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [props.id, errorText]);

  useEffect(() => {
    void reload();
    // Admins may follow any ride's room: each status change reloads the timeline.
    const realtime = getRealtime();
    realtime.followRide(props.id);
    const off = realtime.onStatusChange((change) => {
      if (change.rideId === props.id) void reload();
    });
    return () => {
      off();
      realtime.unfollowRide(props.id);
    };
  }, [props.id, reload]);

  if (!detail) {
    return error ? (
      <Alert color="red" role="alert">
        {error}
      </Alert>
    ) : (
      <Text c="dimmed">{t('common.open')}…</Text>
    );
  }
  const { ride } = detail;
  const actor = (role: string | null) => t('ride.by', { actor: t(`ride.actor${role ?? 'system'}`) });

  async function redispatch() {
    setBusy(true);
    setNotice(null);
    try {
      await getAdminApi().rides.redispatch(ride.id);
      setNotice(t('ride.redispatched'));
      await reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <StatusBadge status={ride.status} testId="admin-ride-status" />
        <Text size="sm" c="dimmed">
          {ride.governorate.name} · {formatDistance(ride.distanceMeters, locale)} ·{' '}
          {formatTnd(ride.price ?? ride.priceEstimate, locale)}
        </Text>
        <Group gap="xs" ms="auto">
          {mayRedispatch && REDISPATCHABLE.includes(ride.status) && (
            <Button
              variant="light"
              loading={busy}
              onClick={() => void redispatch()}
              data-testid="admin-redispatch"
            >
              {t('ride.redispatch')}
            </Button>
          )}
          {mayCancel && !ENDED.includes(ride.status) && (
            <Button color="red" onClick={() => setCancelOpen(true)} data-testid="admin-cancel-ride">
              {t('ride.cancel')}
            </Button>
          )}
        </Group>
      </Group>
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {detail.cancellation && (
        <Alert color="orange" role="status">
          {tStatus('CANCELLED')} {actor(detail.cancellation.actorRole)}
          {detail.cancellation.reason ? ` — ${detail.cancellation.reason}` : ''}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <AdminSection title={tRide('title')}>
              <Stack gap={4}>
                <Text size="sm">
                  <b>{tRide('from')}</b> {ride.pickup.address}
                </Text>
                <Text size="sm">
                  <b>{tRide('to')}</b> {ride.dropoff.address}
                </Text>
                <Text size="sm">
                  <b>{t('rides.customer')}</b> {ride.customer.name}{' '}
                  <span dir="ltr">{ride.customer.phone}</span>
                </Text>
                {ride.driver && (
                  <Text size="sm">
                    <b>{t('rides.driver')}</b> {ride.driver.name} <span dir="ltr">{ride.driver.phone}</span> ·{' '}
                    <span dir="ltr">{ride.driver.plate}</span>
                  </Text>
                )}
                <Text size="sm">
                  {ride.cargo.description} · {ride.cargo.weightKg} kg
                </Text>
              </Stack>
            </AdminSection>
            <RideMap
              ariaLabel={tRide('title')}
              pickup={ride.pickup}
              dropoff={ride.dropoff}
              labels={{ pickup: tRide('from'), dropoff: tRide('to'), truck: '' }}
            />
            <AdminSection title={t('ride.bids')}>
              {detail.bids.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('ride.noBids')}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={420}>
                  <Table verticalSpacing={4}>
                    <Table.Tbody>
                      {detail.bids.map((bid) => (
                        <Table.Tr key={bid.id}>
                          <Table.Td>{bid.driver.name}</Table.Td>
                          <Table.Td>{formatTnd(bid.price, locale)}</Table.Td>
                          <Table.Td>{t('ride.eta', { minutes: bid.etaMinutes })}</Table.Td>
                          <Table.Td>
                            <Badge size="xs" variant="light">
                              {t(`bidStatus.${bid.status}`)}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </AdminSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {/* First on the right: at the door, a locked code is what support opens the page for. */}
            <DeliveryCodePanel key={ride.status} rideId={ride.id} status={ride.status} />
            <AdminSection title={t('ride.timeline')}>
              <Timeline active={detail.events.length - 1} bulletSize={14} lineWidth={2}>
                {detail.events.map((event) => (
                  <Timeline.Item
                    key={event.id}
                    title={event.toStatus ? tStatus(event.toStatus) : event.type}
                    data-testid="admin-ride-event"
                  >
                    <Text size="xs" c="dimmed">
                      {formatDateTime(event.createdAt, locale)} · {actor(event.actorRole)}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </AdminSection>
            <AdminSection title={t('ride.payments')}>
              {detail.payments.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('ride.noPayments')}
                </Text>
              ) : (
                <Stack gap="xs">
                  {detail.payments.map((payment) => (
                    <Group key={payment.id} justify="space-between" wrap="nowrap">
                      <Text size="sm">
                        {formatTnd(payment.amount, locale)} · {t(`payments.${payment.method}`)} ·{' '}
                        {t(`payments.${payment.status}`)}
                      </Text>
                      <RefundButton
                        payment={payment}
                        onRefunded={(refunded: AdminPayment) =>
                          setDetail((d) =>
                            d
                              ? {
                                  ...d,
                                  payments: d.payments.map((p) => (p.id === refunded.id ? refunded : p)),
                                }
                              : d,
                          )
                        }
                      />
                    </Group>
                  ))}
                </Stack>
              )}
            </AdminSection>
            {detail.flags.length > 0 && (
              <AdminSection title={t('ride.flags')}>
                <Stack gap={4}>
                  {detail.flags.map((flag) => (
                    <Text key={flag.id} size="sm" data-testid="admin-ride-flag" data-kind={flag.kind}>
                      <Badge size="sm" color="orange.8" me={6}>
                        {t(`ride.flag${flag.kind}`)}
                      </Badge>
                      {formatDateTime(flag.createdAt, locale)}
                    </Text>
                  ))}
                </Stack>
              </AdminSection>
            )}
            {detail.proofs.length > 0 && <RideProofs rideId={ride.id} />}
            {detail.chat.length > 0 && (
              <AdminSection title={t('ride.chat')}>
                <Stack gap={4}>
                  {detail.chat.map((message) => (
                    <Text key={message.id} size="sm" data-testid="admin-chat-message">
                      <b>{t(`ride.actor${message.senderRole}`)}</b> ·{' '}
                      {formatDateTime(message.createdAt, locale)} —{' '}
                      <bdi>{message.text ?? tChat(`quick.${message.quickReply ?? 'THANK_YOU'}`)}</bdi>
                    </Text>
                  ))}
                </Stack>
              </AdminSection>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <ReasonDialog
        opened={cancelOpen}
        onClose={() => setCancelOpen(false)}
        title={t('ride.cancelTitle')}
        label={t('ride.cancelReason')}
        confirmLabel={t('ride.cancelConfirm')}
        confirmTestId="admin-cancel-confirm"
        onConfirm={async (reason) => {
          await getAdminApi().rides.cancel(ride.id, reason);
          setNotice(t('ride.cancelled'));
          await reload();
        }}
      />
    </Stack>
  );
}

export default function AdminRidePage() {
  const t = useTranslations('admin.ride');
  const { id } = useParams<{ id: string }>();
  return (
    <AdminPage title={t('title', { id: id.slice(0, 8) })}>
      <AdminOnly action="rides.read">
        <RideDetail id={id} />
      </AdminOnly>
    </AdminPage>
  );
}
