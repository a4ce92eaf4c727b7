'use client';
import { StyleSheet, Text } from 'react-native';
import { colors, fontSizes, radii, spacing, type Tone, toneColors } from './tokens';

/** A sentence the user must not miss (an error, a confirmation), announced by screen readers. */
export function Notice(props: { text: string | null | undefined; tone?: Tone; testID?: string }) {
  if (!props.text) return null;
  const tone = toneColors[props.tone ?? 'danger'];
  return (
    <Text
      testID={props.testID}
      role={props.tone === 'danger' || !props.tone ? 'alert' : 'status'}
      accessibilityLiveRegion="polite"
      style={[styles.notice, { color: tone.fg, backgroundColor: tone.bg }]}
    >
      {props.text}
    </Text>
  );
}

export const mutedText = { color: colors.textMuted, fontSize: fontSizes.sm };

const styles = StyleSheet.create({
  notice: { padding: spacing.md, borderRadius: radii.md, fontSize: fontSizes.md, overflow: 'hidden' },
});
