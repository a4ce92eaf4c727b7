import type { PlaceSuggestion } from '@truck4u/logic';
import { colors, fontSizes, Input, radii, spacing } from '@truck4u/ui';
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useServices } from '../services/services-context';

/** An address field with suggestions as one types; choosing one fixes the place (label and coordinates). */
export function PlaceField(props: {
  label: string;
  placeholder: string;
  value: PlaceSuggestion | null;
  onChange: (place: PlaceSuggestion | null) => void;
  testID: string;
}) {
  const { searchPlaces } = useServices();
  const [text, setText] = useState(props.value?.label ?? '');
  const [options, setOptions] = useState<PlaceSuggestion[]>([]);

  useEffect(() => {
    if (props.value && text === props.value.label) return setOptions([]);
    let current = true;
    // A short pause so the geocoder is asked once per word, not once per letter.
    const timer = setTimeout(() => {
      void searchPlaces(text).then((found) => {
        if (current) setOptions(found);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, props.value, searchPlaces]);

  return (
    <View style={styles.wrap}>
      <Input
        label={props.label}
        placeholder={props.placeholder}
        value={text}
        testID={props.testID}
        autoCapitalize="words"
        onChangeText={(next) => {
          setText(next);
          if (props.value) props.onChange(null);
        }}
      />
      {options.length > 0 ? (
        <View style={styles.list} accessibilityRole="list">
          {options.map((option) => (
            <Pressable
              key={`${option.label}-${option.lat}-${option.lng}`}
              testID="place-option"
              accessibilityRole="button"
              style={styles.option}
              onPress={() => {
                setText(option.label);
                setOptions([]);
                props.onChange(option);
              }}
            >
              <Text style={styles.optionText}>{option.label}</Text>
            </Pressable>
          ))}
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: spacing.xs },
  list: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radii.md,
    backgroundColor: colors.surface,
  },
  option: {
    minHeight: 44,
    justifyContent: 'center',
    paddingHorizontal: spacing.md,
    borderBottomWidth: 1,
    borderBottomColor: colors.border,
  },
  optionText: { fontSize: fontSizes.md, color: colors.text },
});
