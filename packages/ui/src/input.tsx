'use client';
import './web-data';
import { StyleSheet, Text, TextInput, type TextInputProps, View } from 'react-native';
import { colors, fontSizes, minTouch, radii, spacing } from './tokens';

export interface InputProps
  extends Pick<
    TextInputProps,
    | 'value'
    | 'onChangeText'
    | 'placeholder'
    | 'secureTextEntry'
    | 'keyboardType'
    | 'autoComplete'
    | 'autoCapitalize'
    | 'onSubmitEditing'
    | 'onFocus'
    | 'onBlur'
    | 'multiline'
    | 'testID'
    | 'textContentType'
  > {
  label: string;
  hint?: string;
  /** Shown under the field in the danger colour and announced to screen readers. */
  error?: string | null;
}

/** A labelled text field; the label is its accessible name, the error is announced. */
export function Input(props: InputProps) {
  const { label, hint, error, ...field } = props;
  return (
    <View style={styles.wrap}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        {...field}
        accessibilityLabel={label}
        accessibilityHint={hint}
        placeholderTextColor={colors.textMuted}
        style={[styles.field, props.multiline && styles.multiline, error ? styles.fieldError : null]}
      />
      {error ? (
        <Text accessibilityLiveRegion="polite" role="alert" style={styles.error}>
          {error}
        </Text>
      ) : hint ? (
        <Text style={styles.hint}>{hint}</Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: spacing.xs, alignSelf: 'stretch' },
  label: { fontSize: fontSizes.sm, fontWeight: '600', color: colors.text, textAlign: 'auto' },
  field: {
    minHeight: minTouch,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radii.md,
    paddingHorizontal: spacing.md,
    fontSize: fontSizes.md,
    color: colors.text,
    backgroundColor: colors.surface,
  },
  multiline: { minHeight: minTouch * 2, paddingVertical: spacing.sm, textAlignVertical: 'top' },
  fieldError: { borderColor: colors.danger },
  hint: { fontSize: fontSizes.sm, color: colors.textMuted },
  error: { fontSize: fontSizes.sm, color: colors.danger },
});
