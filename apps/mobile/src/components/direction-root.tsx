import type { ReactNode } from 'react';
import { View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';

/** Lays the whole app out in the language's direction (tab bars included) without a restart. */
export function DirectionRoot(props: { children: ReactNode }) {
  const { dir } = useI18n();
  return <View style={{ flex: 1, direction: dir }}>{props.children}</View>;
}
