'use client';
import { Badge, Stepper, Text } from '@mantine/core';
import type { RideStatus } from '@truck4u/contracts';
import { formatTime, type Locale, RIDE_TIMELINE, type TimelineEntry } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';

const COLORS: Partial<Record<RideStatus, string>> = {
  PENDING_BIDS: 'cyan.9',
  NO_DRIVERS_AVAILABLE: 'red.9',
  COMPLETED: 'green.9',
  CANCELLED: 'red.9',
};

/** The ride's status, live; `data-status` carries the code for tools and tests. */
export function StatusBadge(props: { status: RideStatus }) {
  const t = useTranslations('status');
  return (
    <Badge
      size="lg"
      color={COLORS[props.status] ?? 'indigo.8'}
      data-testid="ride-status"
      data-status={props.status}
      aria-live="polite"
      role="status"
    >
      {t(props.status)}
    </Badge>
  );
}

/** Where the ride is on its way, with the time of each step reached. */
export function RideTimeline(props: { status: RideStatus; entries: TimelineEntry[] }) {
  const t = useTranslations('status');
  const locale = useLocale() as Locale;
  if (props.status === 'CANCELLED' || props.status === 'NO_DRIVERS_AVAILABLE') return null;
  const current = RIDE_TIMELINE.indexOf(props.status);
  return (
    <Stepper
      active={props.status === 'COMPLETED' ? RIDE_TIMELINE.length : current}
      orientation="vertical"
      size="sm"
      allowNextStepsSelect={false}
    >
      {RIDE_TIMELINE.map((status) => {
        const at = props.entries.find((e) => e.status === status)?.at;
        return (
          <Stepper.Step
            key={status}
            label={t(status)}
            description={
              at ? (
                <Text size="xs" component="span">
                  {formatTime(at, locale)}
                </Text>
              ) : undefined
            }
          />
        );
      })}
    </Stepper>
  );
}
