'use client';
import './web-data';
import { Switch, View, type ViewProps } from 'react-native';
import { colors } from './tokens';

export interface ToggleProps {
  value: boolean;
  onValueChange: (value: boolean) => void;
  /** The switch's accessible name (what it turns on). */
  label: string;
  disabled?: boolean;
  testID?: string;
  dataSet?: ViewProps['dataSet'];
}

/** An on/off switch. */
export function Toggle(props: ToggleProps) {
  return (
    // react-native-web moves the thumb the wrong way inside a right-to-left layout: the switch keeps its own.
    <View style={{ direction: 'ltr' }}>
      <Switch
        testID={props.testID}
        dataSet={props.dataSet}
        accessibilityLabel={props.label}
        value={props.value}
        disabled={props.disabled}
        onValueChange={props.onValueChange}
        trackColor={{ true: colors.primary, false: colors.disabled }}
        thumbColor={colors.surface}
        // react-native-web's own prop for the thumb when on (React Native uses thumbColor for both).
        {...({ activeThumbColor: colors.surface } as object)}
      />
    </View>
  );
}
