'use client';
import './web-data';
import type { ReactNode } from 'react';
import { StyleSheet, Text, View, type ViewProps } from 'react-native';
import { colors, fontSizes, radii, spacing } from './tokens';

export interface CardProps {
  title?: string;
  children: ReactNode;
  testID?: string;
  dataSet?: ViewProps['dataSet'];
}

/** A white panel with an optional heading, the unit every screen is built from. */
export function Card(props: CardProps) {
  return (
    <View style={styles.card} testID={props.testID} dataSet={props.dataSet}>
      {props.title ? (
        <Text accessibilityRole="header" style={styles.title}>
          {props.title}
        </Text>
      ) : null}
      {props.children}
    </View>
  );
}

const styles = StyleSheet.create({
  card: {
    backgroundColor: colors.surface,
    borderRadius: radii.lg,
    borderWidth: 1,
    borderColor: colors.border,
    padding: spacing.lg,
    gap: spacing.md,
  },
  title: { fontSize: fontSizes.lg, fontWeight: '700', color: colors.text },
});
