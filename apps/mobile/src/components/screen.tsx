import { colors, spacing } from '@truck4u/ui';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { type LayoutRectangle, RefreshControl, ScrollView, StyleSheet, Text, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { useI18n } from '../i18n/i18n-context';
import { type RevealGeometry, revealOffset } from './reveal-offset';

/** How a ScreenSection reports where it is and asks to be brought into view. */
interface Reveal {
  place(layout: LayoutRectangle | null): void;
  start(): void;
}

const RevealContext = createContext<Reveal | null>(null);

/** A scrolling page in the reading direction of the language, with an optional heading and pull-to-refresh. */
export function Screen(props: {
  title?: string;
  children: ReactNode;
  onRefresh?: () => void;
  refreshing?: boolean;
  testID?: string;
}) {
  const { dir } = useI18n();
  const scroll = useRef<ScrollView>(null);
  const geometry = useRef<RevealGeometry & { following: boolean }>({
    bodyY: 0,
    viewport: 0,
    content: 0,
    section: null,
    following: false,
  });
  // Every measure can move the section (photos and cards above it load after it), so each one scrolls again
  // while following.
  const follow = useCallback(() => {
    const current = geometry.current;
    if (!current.following || !current.section) return;
    scroll.current?.scrollTo({ y: revealOffset(current), animated: true });
  }, []);
  const reveal = useMemo<Reveal>(
    () => ({
      place(layout) {
        geometry.current.section = layout;
        follow();
      },
      start() {
        geometry.current.following = true;
        follow();
      },
    }),
    [follow],
  );

  return (
    <SafeAreaView edges={['top']} style={[styles.safe, { direction: dir }]}>
      <ScrollView
        ref={scroll}
        testID={props.testID}
        contentContainerStyle={styles.content}
        keyboardShouldPersistTaps="handled"
        onLayout={(event) => {
          geometry.current.viewport = event.nativeEvent.layout.height;
          follow();
        }}
        onContentSizeChange={(_width, height) => {
          geometry.current.content = height;
          follow();
        }}
        // The user's own touch ends the following: the page is theirs to scroll from then on.
        onTouchStart={() => {
          geometry.current.following = false;
        }}
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
        <View
          style={styles.body}
          onLayout={(event) => {
            geometry.current.bodyY = event.nativeEvent.layout.y;
            follow();
          }}
        >
          <RevealContext.Provider value={reveal}>{props.children}</RevealContext.Provider>
        </View>
      </ScrollView>
    </SafeAreaView>
  );
}

/**
 * A part of a Screen the page can scroll to, e.g. the chat a tapped notification is about. It must be a direct
 * child of the Screen (its measured position is read against the page's body), and one per screen. Each new
 * `reveal` above 0 brings it into view and keeps it there while what is above it loads, until the user touches
 * the page.
 */
export function ScreenSection(props: { reveal: number; testID?: string; children: ReactNode }) {
  const reveal = useContext(RevealContext);
  useEffect(() => {
    if (props.reveal > 0) reveal?.start();
  }, [props.reveal, reveal]);
  useEffect(() => () => reveal?.place(null), [reveal]);
  return (
    <View testID={props.testID} onLayout={(event) => reveal?.place(event.nativeEvent.layout)}>
      {props.children}
    </View>
  );
}

const styles = StyleSheet.create({
  safe: { flex: 1, backgroundColor: colors.background },
  content: { padding: spacing.lg, paddingBottom: spacing.xxl * 2, gap: spacing.lg },
  title: { fontSize: 26, fontWeight: '800', color: colors.text },
  body: { gap: spacing.lg },
});
