import { colors } from '@truck4u/ui';

export const tabScreenOptions = {
  headerShown: false,
  tabBarActiveTintColor: colors.primary,
  tabBarInactiveTintColor: colors.textMuted,
  // Text labels only: no icon font is fetched or bundled. Without the icon the label would sit at the top.
  tabBarIconStyle: { display: 'none' as const },
  tabBarLabelStyle: { fontSize: 13, fontWeight: '700' as const, marginTop: 12 },
  tabBarStyle: { height: 56 },
};
