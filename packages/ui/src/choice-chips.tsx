'use client';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, fontSizes, minTouch, radii, spacing } from './tokens';

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
  testID?: string;
}

/** One choice among a few, as large chips (role, vehicle type, language). */
export function ChoiceChips<T extends string>(props: {
  choices: ReadonlyArray<Choice<T>>;
  value: T | null;
  onChange: (value: T) => void;
  label?: string;
  testID?: string;
}) {
  return (
    <View
      style={styles.wrap}
      testID={props.testID}
      accessibilityRole="radiogroup"
      accessibilityLabel={props.label}
    >
      {props.label ? <Text style={styles.label}>{props.label}</Text> : null}
      <View style={styles.row}>
        {props.choices.map((choice) => {
          const selected = choice.value === props.value;
          return (
            <Pressable
              key={choice.value}
              testID={choice.testID}
              accessibilityRole="radio"
              accessibilityState={{ selected, checked: selected }}
              onPress={() => props.onChange(choice.value)}
              style={[styles.chip, selected && styles.selected]}
            >
              <Text style={[styles.chipText, selected && styles.selectedText]}>{choice.label}</Text>
              {choice.hint ? (
                <Text style={[styles.hint, selected && styles.selectedText]}>{choice.hint}</Text>
              ) : null}
            </Pressable>
          );
        })}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: spacing.xs },
  label: { fontSize: fontSizes.sm, fontWeight: '600', color: colors.text },
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm },
  chip: {
    minHeight: minTouch,
    justifyContent: 'center',
    paddingHorizontal: spacing.md,
    paddingVertical: spacing.xs,
    borderRadius: radii.md,
    borderWidth: 1.5,
    borderColor: colors.border,
    backgroundColor: colors.surface,
  },
  selected: { backgroundColor: colors.primary, borderColor: colors.primary },
  chipText: { fontSize: fontSizes.md, fontWeight: '600', color: colors.text },
  hint: { fontSize: 12, color: colors.textMuted },
  selectedText: { color: colors.onPrimary },
});
