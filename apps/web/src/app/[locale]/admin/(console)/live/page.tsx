'use client';
import { Alert, Anchor, Badge, Grid, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { createAdminLiveStore, formatTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { LiveMap } from '@/components/admin/live-map';
import { AdminOnly } from '@/components/admin/require-admin';
import { useErrorText } from '@/components/use-error-text';
import { Link, useRouter } from '@/i18n/navigation';
import { getRealtime } from '@/lib/app-client';

const STATE_COLOURS = { ONLINE: 'green.9', ON_RIDE: 'orange.9', OFFLINE: 'gray.7' } as const;

function LiveBoard() {
  const t = useTranslations('admin.live');
  const tStatus = useTranslations('status');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const router = useRouter();
  const [store] = useState(() => createAdminLiveStore({ admin: getAdminApi(), realtime: getRealtime() }));
  useEffect(() => () => store.getState().dispose(), [store]);
  const state = useStore(store);
  const drivers = useMemo(
    () => Object.values(state.drivers).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
    [state.drivers],
  );
  const rides = useMemo(
    () => Object.values(state.rides).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [state.rides],
  );
  const labels = { ONLINE: t('ONLINE'), ON_RIDE: t('ON_RIDE'), OFFLINE: t('OFFLINE') };

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>
        {state.error && (
          <Alert color="red" role="alert" mb="sm">
            {errorText(state.error)}
          </Alert>
        )}
        <LiveMap
          ariaLabel={t('mapLabel')}
          drivers={drivers}
          rides={rides}
          labels={labels}
          onOpenRide={(id) => router.push(`/admin/rides/${id}`)}
        />
        <Group gap="md" mt="xs" aria-hidden="true">
          {(
            [
              ['#2b8a3e', labels.ONLINE],
              ['#e8590c', labels.ON_RIDE],
              ['#1c7ed6', t('pickups')],
            ] as const
          ).map(([colour, label]) => (
            <Group key={label} gap={6}>
              <span
                style={{
                  width: 12,
                  height: 12,
                  borderRadius: 6,
                  background: colour,
                  border: '2px solid #1c1c1c',
                }}
              />
              <Text size="xs">{label}</Text>
            </Group>
          ))}
        </Group>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="live-rides">
            <Title order={3} size="h5" id="live-rides" mb="xs">
              {t('rides', { count: rides.length })}
            </Title>
            <ScrollArea.Autosize mah={300}>
              {rides.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('noRides')}
                </Text>
              ) : (
                <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {rides.map((ride) => (
                    <li
                      key={ride.id}
                      data-testid="admin-live-ride"
                      data-ride-id={ride.id}
                      data-status={ride.status}
                    >
                      <Anchor component={Link} href={`/admin/rides/${ride.id}`} size="sm" fw={600}>
                        {ride.pickup.address} → {ride.dropoff.address}
                      </Anchor>
                      <Group gap={6}>
                        <Badge size="xs" variant="light">
                          {tStatus(ride.status)}
                        </Badge>
                        {ride.driver && (
                          <Text size="xs" c="dimmed">
                            {ride.driver.name}
                          </Text>
                        )}
                      </Group>
                    </li>
                  ))}
                </Stack>
              )}
            </ScrollArea.Autosize>
          </Paper>
          <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="live-drivers">
            <Title order={3} size="h5" id="live-drivers" mb="xs">
              {t('drivers', { count: drivers.length })}
            </Title>
            <ScrollArea.Autosize mah={300}>
              {drivers.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('noDrivers')}
                </Text>
              ) : (
                <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {drivers.map((driver) => (
                    <li
                      key={driver.driverId}
                      data-testid="admin-live-driver"
                      data-driver-id={driver.driverId}
                      data-state={driver.state}
                      data-lat={driver.lat.toFixed(5)}
                      data-lng={driver.lng.toFixed(5)}
                    >
                      <Group gap={6} justify="space-between" wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {driver.name ?? driver.driverId.slice(0, 8)}
                          {driver.plate ? ` · ${driver.plate}` : ''}
                        </Text>
                        <Badge size="xs" color={STATE_COLOURS[driver.state]} style={{ flexShrink: 0 }}>
                          {labels[driver.state]}
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed">
                        {t('seenAt', { time: formatTime(driver.at, locale) })}
                        {driver.rideId && (
                          <>
                            {' · '}
                            <Anchor component={Link} href={`/admin/rides/${driver.rideId}`} size="xs">
                              {tStatus(state.rides[driver.rideId]?.status ?? 'BID_ACCEPTED')}
                            </Anchor>
                          </>
                        )}
                      </Text>
                    </li>
                  ))}
                </Stack>
              )}
            </ScrollArea.Autosize>
          </Paper>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export default function AdminLivePage() {
  const t = useTranslations('admin.live');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="live.read">
        <LiveBoard />
      </AdminOnly>
    </AdminPage>
  );
}
