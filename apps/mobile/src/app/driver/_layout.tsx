import { Tabs } from 'expo-router';
import { tabScreenOptions } from '../../components/tab-bar-options';
import { useI18n } from '../../i18n/i18n-context';

export default function DriverTabs() {
  const { t, m, dir } = useI18n();
  return (
    <Tabs screenOptions={{ ...tabScreenOptions, sceneStyle: { direction: dir } }}>
      <Tabs.Screen name="index" options={{ title: m.dashboard, tabBarButtonTestID: 'tab-dashboard' }} />
      <Tabs.Screen name="active" options={{ title: m.activeTab, tabBarButtonTestID: 'tab-active' }} />
      <Tabs.Screen name="earnings" options={{ title: t.nav.earnings, tabBarButtonTestID: 'tab-earnings' }} />
      <Tabs.Screen
        name="documents"
        options={{ title: m.documentsTab, tabBarButtonTestID: 'tab-documents' }}
      />
      <Tabs.Screen name="profile" options={{ title: m.profile, tabBarButtonTestID: 'tab-profile' }} />
    </Tabs>
  );
}
