'use client';
import './web-data';
import { ActivityIndicator, Pressable, StyleSheet, Text, type ViewProps } from 'react-native';
import { colors, fontSizes, minTouch, radii, spacing } from './tokens';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps {
  label: string;
  onPress: () => void;
  variant?: ButtonVariant;
  /** The driver's next-status button: full width and twice as tall, usable with gloves on. */
  large?: boolean;
  disabled?: boolean;
  /** Shows a spinner and ignores presses, so one action is never sent twice. */
  loading?: boolean;
  testID?: string;
  dataSet?: ViewProps['dataSet'];
  accessibilityHint?: string;
}

const fill: Record<ButtonVariant, { bg: string; fg: string; border: string }> = {
  primary: { bg: colors.primary, fg: colors.onPrimary, border: colors.primary },
  secondary: { bg: colors.surface, fg: colors.primary, border: colors.primary },
  danger: { bg: colors.danger, fg: colors.onPrimary, border: colors.danger },
  ghost: { bg: 'transparent', fg: colors.primary, border: 'transparent' },
};

export function Button(props: ButtonProps) {
  const variant = props.variant ?? 'primary';
  const tone = fill[variant];
  const inactive = props.disabled === true || props.loading === true;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityState={{ disabled: inactive, busy: props.loading === true }}
      accessibilityHint={props.accessibilityHint}
      disabled={inactive}
      onPress={props.onPress}
      testID={props.testID}
      dataSet={props.dataSet}
      style={({ pressed }) => [
        styles.base,
        props.large && styles.large,
        {
          backgroundColor: inactive && variant !== 'ghost' ? colors.disabled : tone.bg,
          borderColor: inactive && variant !== 'ghost' ? colors.disabled : tone.border,
          opacity: pressed ? 0.85 : 1,
        },
      ]}
    >
      {props.loading ? <ActivityIndicator color={inactive ? colors.onPrimary : tone.fg} /> : null}
      <Text
        style={[
          styles.label,
          props.large && styles.largeLabel,
          { color: inactive && variant !== 'ghost' ? colors.onPrimary : tone.fg },
        ]}
      >
        {props.label}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: {
    minHeight: minTouch,
    paddingHorizontal: spacing.lg,
    paddingVertical: spacing.sm,
    borderRadius: radii.md,
    borderWidth: 1.5,
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'center',
    gap: spacing.sm,
  },
  large: { minHeight: minTouch * 2, alignSelf: 'stretch', borderRadius: radii.lg },
  label: { fontSize: fontSizes.md, fontWeight: '600', textAlign: 'center' },
  largeLabel: { fontSize: fontSizes.xl, fontWeight: '700' },
});
