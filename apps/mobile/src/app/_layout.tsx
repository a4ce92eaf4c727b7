import { Slot } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { useState } from 'react';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { DirectionRoot } from '../components/direction-root';
import { SessionGate } from '../components/session-gate';
import { I18nProvider } from '../i18n/i18n-context';
import { createDefaultServices } from '../services/default-services';
import { expoNotificationTaps, NotificationTapRouter } from '../services/notification-taps';
import { ServicesProvider } from '../services/services-context';

export default function RootLayout() {
  const [services] = useState(createDefaultServices);
  return (
    <SafeAreaProvider>
      <ServicesProvider services={services}>
        <I18nProvider>
          <StatusBar style="dark" />
          <DirectionRoot>
            <SessionGate>
              <NotificationTapRouter source={expoNotificationTaps} />
              <Slot />
            </SessionGate>
          </DirectionRoot>
        </I18nProvider>
      </ServicesProvider>
    </SafeAreaProvider>
  );
}
