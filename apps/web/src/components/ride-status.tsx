'use client';
import type { RideStatus } from '@truck4u/contracts';
import type { Locale, TimelineEntry } from '@truck4u/logic';
import { RideTimeline as SharedRideTimeline, StatusBadge as SharedStatusBadge } from '@truck4u/ui';
import { useLocale, useMessages, useTranslations } from 'next-intl';

// The components are packages/ui's, the ones the phone app renders; these only hand them next-intl's words.

/** The ride's status, live; `data-status` carries the code for tools and tests. */
export function StatusBadge(props: { status: RideStatus; testId?: string }) {
  const t = useTranslations('status');
  return <SharedStatusBadge status={props.status} label={t(props.status)} testID={props.testId} />;
}

/** Where the ride is on its way, with the time of each step reached. */
export function RideTimeline(props: { status: RideStatus; entries: TimelineEntry[] }) {
  const labels = useMessages().status as Record<RideStatus, string>;
  const locale = useLocale() as Locale;
  return <SharedRideTimeline status={props.status} entries={props.entries} locale={locale} labels={labels} />;
}
