'use client';
import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { PublicTracking } from '@truck4u/contracts';
import { followSharedRide, formatTime, type Locale } from '@truck4u/logic';
import { useParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Shell } from '@/components/app-shell';
import { RideMap } from '@/components/ride-map';
import { StatusBadge } from '@/components/ride-status';
import { getApi } from '@/lib/app-client';

const ENDED = new Set(['COMPLETED', 'CANCELLED']);

/**
 * The page a customer shares with whoever receives the goods: no sign-in, and only what the share link's
 * public view carries (status, ETA, the truck, the driver's first name, the dropoff point).
 */
function SharedRide() {
  const { token } = useParams<{ token: string }>();
  const t = useTranslations('track');
  const tv = useTranslations('vehicle');
  const locale = useLocale() as Locale;
  const [tracking, setTracking] = useState<PublicTracking | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let live = true;
    let stop: (() => void) | undefined;
    // The HTTP read shows the page at once; the socket then keeps it live (and re-joins after a reconnect).
    getApi()
      .tracking.public(token)
      .then((first) => live && setTracking(first))
      .catch(() => live && setMissing(true));
    void followSharedRide({
      url: '',
      token,
      onChange: (next) => live && setTracking(next),
      onError: () => live && setMissing(true),
    }).then((unsubscribe) => {
      if (live) stop = unsubscribe;
      else unsubscribe();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [token]);

  if (missing && !tracking) {
    return (
      <Alert color="orange" data-testid="track-missing" title={t('missingTitle')}>
        {t('missing')}
      </Alert>
    );
  }
  if (!tracking) return <Text>{t('loading')}</Text>;
  const ended = ENDED.has(tracking.status);
  const etaMinutes = tracking.etaSeconds === null ? null : Math.max(1, Math.round(tracking.etaSeconds / 60));
  return (
    <Stack maw={900} data-testid="track-page">
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        <StatusBadge status={tracking.status} />
      </Group>
      <Paper withBorder p="md" radius="md">
        {!ended && etaMinutes !== null && (
          <Text size="xl" fw={700} data-testid="track-eta" data-eta-seconds={tracking.etaSeconds}>
            {t('eta', { minutes: etaMinutes })}
          </Text>
        )}
        {ended && <Text fw={700}>{t(tracking.status === 'COMPLETED' ? 'delivered' : 'cancelled')}</Text>}
        <Text size="sm" data-testid="track-vehicle">
          {tv(tracking.vehicle.type)}
          {tracking.driver && (
            <>
              {' · '}
              {t('driver', { name: tracking.driver.firstName })}
            </>
          )}
        </Text>
        {tracking.position && (
          <Text size="xs" c="dimmed" data-testid="track-position-at">
            {t('positionAt', { time: formatTime(tracking.position.at, locale) })}
          </Text>
        )}
      </Paper>
      <RideMap
        ariaLabel={t('map')}
        dropoff={tracking.dropoff}
        truck={tracking.position}
        labels={{ pickup: '', dropoff: t('dropoff'), truck: t('truck') }}
      />
      <Text size="xs" c="dimmed">
        {t('privacy')}
      </Text>
    </Stack>
  );
}

export default function TrackPage() {
  return (
    <Shell nav={[]}>
      <SharedRide />
    </Shell>
  );
}
