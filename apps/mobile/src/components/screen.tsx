import { colors, spacing } from '@truck4u/ui';
import type { ReactNode } from 'react';
import { RefreshControl, ScrollView, StyleSheet, Text, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { useI18n } from '../i18n/i18n-context';

/** A scrolling page in the reading direction of the language, with an optional heading and pull-to-refresh. */
export function Screen(props: {
  title?: string;
  children: ReactNode;
  onRefresh?: () => void;
  refreshing?: boolean;
  testID?: string;
}) {
  const { dir } = useI18n();
  return (
    <SafeAreaView edges={['top']} style={[styles.safe, { direction: dir }]}>
      <ScrollView
        testID={props.testID}
        contentContainerStyle={styles.content}
        keyboardShouldPersistTaps="handled"
        refreshControl={
          props.onRefresh ? (
            <RefreshControl refreshing={props.refreshing ?? false} onRefresh={props.onRefresh} />
          ) : undefined
        }
      >
        {props.title ? (
          <Text accessibilityRole="header" style={[styles.title, { writingDirection: dir }]}>
            {props.title}
          </Text>
        ) : null}
        <View style={styles.body}>{props.children}</View>
      </ScrollView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  safe: { flex: 1, backgroundColor: colors.background },
  content: { padding: spacing.lg, paddingBottom: spacing.xxl * 2, gap: spacing.lg },
  title: { fontSize: 26, fontWeight: '800', color: colors.text },
  body: { gap: spacing.lg },
});
