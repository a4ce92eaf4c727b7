'use client';
import './web-data';
import type { RideStatus } from '@truck4u/contracts';
import { formatTime, type Locale, RIDE_TIMELINE, type TimelineEntry } from '@truck4u/logic';
import { StyleSheet, Text, View } from 'react-native';
import { colors, fontSizes, spacing } from './tokens';

export interface RideTimelineProps {
  status: RideStatus;
  entries: TimelineEntry[];
  locale: Locale;
  /** Each status in the user's language. */
  labels: Record<RideStatus, string>;
}

/** Where the ride is on its way: steps reached (with their time), the current one, those to come. */
export function RideTimeline(props: RideTimelineProps) {
  if (props.status === 'CANCELLED' || props.status === 'NO_DRIVERS_AVAILABLE') return null;
  const current = RIDE_TIMELINE.indexOf(props.status);
  return (
    <View accessibilityRole="list" style={styles.list}>
      {RIDE_TIMELINE.map((status, index) => {
        const state =
          index < current || props.status === 'COMPLETED' ? 'done' : index === current ? 'now' : 'next';
        const at = props.entries.find((e) => e.status === status)?.at;
        return (
          <View
            key={status}
            style={styles.row}
            testID={`timeline-${status}`}
            dataSet={{ state }}
            accessibilityState={{ selected: state === 'now' }}
          >
            <View style={[styles.dot, dotStyle[state]]} />
            <Text style={[styles.label, state === 'next' && styles.upcoming, state === 'now' && styles.now]}>
              {props.labels[status]}
            </Text>
            {at && state !== 'next' ? <Text style={styles.time}>{formatTime(at, props.locale)}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: spacing.sm },
  row: { flexDirection: 'row', alignItems: 'center', gap: spacing.md, minHeight: 28 },
  dot: { width: 14, height: 14, borderRadius: 7, borderWidth: 2 },
  label: { flex: 1, fontSize: fontSizes.md, color: colors.text },
  upcoming: { color: colors.textMuted },
  now: { fontWeight: '700' },
  time: { fontSize: fontSizes.sm, color: colors.textMuted, fontVariant: ['tabular-nums'] },
});

const dotStyle = StyleSheet.create({
  done: { backgroundColor: colors.success, borderColor: colors.success },
  now: { backgroundColor: colors.primary, borderColor: colors.primary },
  next: { backgroundColor: 'transparent', borderColor: colors.border },
});
