'use client';
import './web-data';
import type { RideStatus } from '@truck4u/contracts';
import { StyleSheet, Text, View } from 'react-native';
import { fontSizes, radii, spacing, statusTone, toneColors } from './tokens';

export interface StatusBadgeProps {
  status: RideStatus;
  /** The status in the user's language. */
  label: string;
  testID?: string;
}

/** The ride's status; `data-status` (web) carries the code for tools and tests. */
export function StatusBadge(props: StatusBadgeProps) {
  const tone = toneColors[statusTone[props.status]];
  return (
    <View
      testID={props.testID ?? 'ride-status'}
      dataSet={{ status: props.status }}
      accessibilityLiveRegion="polite"
      role="status"
      style={[styles.badge, { backgroundColor: tone.bg }]}
    >
      <Text style={[styles.text, { color: tone.fg }]}>{props.label}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  badge: {
    alignSelf: 'flex-start',
    paddingHorizontal: spacing.md,
    paddingVertical: spacing.xs,
    borderRadius: radii.pill,
  },
  text: { fontSize: fontSizes.sm, fontWeight: '700' },
});
