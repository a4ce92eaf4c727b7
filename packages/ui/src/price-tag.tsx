'use client';
import './web-data';
import { formatTnd, type Locale } from '@truck4u/logic';
import { StyleSheet, Text, View } from 'react-native';
import { colors, fontSizes } from './tokens';

export interface PriceTagProps {
  /** Integer millimes, as every amount in the api. */
  millimes: number;
  locale: Locale;
  label?: string;
  size?: 'md' | 'lg';
  /** `end` lines the amount up on the end side (right, or left in Arabic), as in a column of amounts. */
  align?: 'start' | 'end';
  testID?: string;
}

/** An amount in TND from millimes; `data-amount` (web) keeps the exact millimes for tools and tests. */
export function PriceTag(props: PriceTagProps) {
  return (
    <View
      style={[styles.wrap, props.align === 'end' && styles.end]}
      testID={props.testID}
      dataSet={{ amount: props.millimes }}
    >
      {props.label ? <Text style={styles.label}>{props.label}</Text> : null}
      <Text style={[styles.amount, props.size === 'lg' && styles.large]}>
        {formatTnd(props.millimes, props.locale)}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: 2 },
  end: { alignItems: 'flex-end' },
  label: { fontSize: fontSizes.sm, color: colors.textMuted },
  amount: { fontSize: fontSizes.lg, fontWeight: '700', color: colors.text, fontVariant: ['tabular-nums'] },
  large: { fontSize: fontSizes.xxl },
});
