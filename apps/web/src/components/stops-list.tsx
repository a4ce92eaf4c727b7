'use client';
import { Badge, Group, Paper, Text } from '@mantine/core';
import type { RideStop } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';

// Outline in dark shades: the status word stays readable (a light badge in these shades loses its text).
const STATUS_COLOR = { PENDING: 'gray.7', ARRIVED: 'orange.9', DONE: 'teal.9' } as const;

/** A ride's stops between pickup and dropoff, in order, each with where the driver is with it. */
export function StopsList(props: { stops: readonly RideStop[] }) {
  const t = useTranslations('routeStops');
  if (props.stops.length === 0) return null;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="stops-title"
      data-testid="stops"
    >
      <Text fw={600} size="sm" id="stops-title" mb={4}>
        {t('title')}
      </Text>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {props.stops.map((stop, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a stop is its place in the route
          <li key={index} data-testid="stop" data-status={stop.status} data-index={index}>
            <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm">
                <bdi>{stop.address}</bdi>
              </Text>
              <Badge size="sm" variant="outline" color={STATUS_COLOR[stop.status]} style={{ flexShrink: 0 }}>
                {t(`status.${stop.status}`)}
              </Badge>
            </Group>
          </li>
        ))}
      </ol>
    </Paper>
  );
}
