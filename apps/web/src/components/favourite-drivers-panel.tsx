'use client';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { FavouriteDrivers } from './favourite-drivers';
import { useErrorText } from './use-error-text';

/** The profile's list of favourite drivers (their public card only), each removable. */
export function FavouriteDriversPanel(props: { favourites: FavouriteDrivers }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { items, loadError } = props.favourites;

  async function remove(driverId: string) {
    setBusy(driverId);
    setError(null);
    try {
      await props.favourites.remove(driverId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="favourites-title">
      <Title order={3} id="favourites-title" size="h4" mb="xs">
        {t('favourites.title')}
      </Title>
      {loadError ? <Alert color="red">{errorText(loadError)}</Alert> : null}
      {error && (
        <Alert color="red" role="alert" mb="xs">
          {error}
        </Alert>
      )}
      {items === null && !loadError && <Text c="dimmed">{t('common.loading')}</Text>}
      {items?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('favourites.empty')}
        </Text>
      )}
      <Stack gap="xs" data-testid="favourite-drivers">
        {items?.map((driver) => (
          <Paper
            key={driver.driverId}
            withBorder
            p="xs"
            radius="md"
            data-testid="favourite-driver"
            data-driver-id={driver.driverId}
          >
            <Text fw={600}>
              <bdi>{driver.firstName}</bdi> · ★{' '}
              {driver.rating !== null ? driver.rating.toFixed(1) : t('ride.newDriver')}
            </Text>
            <Text size="sm">
              {t(`vehicle.${driver.vehicle.type}`)} ·{' '}
              <bdi style={{ whiteSpace: 'nowrap' }}>{driver.vehicle.plate}</bdi>
            </Text>
            <Text size="xs" c="dimmed">
              {t('favourites.ridesTogether', { count: driver.ridesTogether })}
            </Text>
            <Group mt={4}>
              <Button
                variant="subtle"
                color="red.8"
                size="compact-sm"
                px={0}
                loading={busy === driver.driverId}
                onClick={() => void remove(driver.driverId)}
                data-testid="favourite-remove"
              >
                {t('favourites.remove')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
