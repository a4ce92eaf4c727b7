import { Tabs } from 'expo-router';
import { tabScreenOptions } from '../../components/tab-bar-options';
import { useI18n } from '../../i18n/i18n-context';

export default function CustomerTabs() {
  const { t, m, dir } = useI18n();
  return (
    <Tabs screenOptions={{ ...tabScreenOptions, sceneStyle: { direction: dir } }}>
      <Tabs.Screen name="index" options={{ title: m.home, tabBarButtonTestID: 'tab-home' }} />
      <Tabs.Screen name="rides/index" options={{ title: t.ride.history, tabBarButtonTestID: 'tab-rides' }} />
      <Tabs.Screen name="rides/[id]" options={{ href: null, title: t.ride.title }} />
      <Tabs.Screen name="wallet" options={{ title: t.nav.wallet, tabBarButtonTestID: 'tab-wallet' }} />
      <Tabs.Screen name="profile" options={{ title: m.profile, tabBarButtonTestID: 'tab-profile' }} />
    </Tabs>
  );
}
