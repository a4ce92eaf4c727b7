import type { Locale, WatchPosition } from '@truck4u/logic';
import { searchOfflinePlaces } from '@truck4u/logic';
import { Slot } from 'expo-router';
import { DirectionRoot } from '../src/components/direction-root';
import { SessionGate } from '../src/components/session-gate';
import { I18nProvider } from '../src/i18n/i18n-context';
import { createAppServices } from '../src/services/app-services';
import { type KeyValueStorage, memoryStorage } from '../src/services/key-value-storage';
import { ServicesProvider } from '../src/services/services-context';
import { createFakeSocket } from './fake-socket';

/** The app's own services over a fake api and socket, and a root layout like the real one. */
export function createTestApp(options: {
  fetch: typeof fetch;
  storage?: KeyValueStorage;
  watchPosition?: WatchPosition;
  locale?: Locale;
}) {
  const server = createFakeSocket();
  const opened: string[] = [];
  const services = createAppServices({
    apiUrl: 'http://api.test',
    storage: options.storage ?? memoryStorage(),
    fetch: options.fetch,
    createSocket: () => server.socket,
    watchPosition:
      options.watchPosition ??
      ((onPosition) => {
        onPosition({ lat: 36.84, lng: 10.2 });
        return () => undefined;
      }),
    searchPlaces: async (q) => searchOfflinePlaces(q),
    openUrl: async (url) => opened.push(url),
  });
  // biome-ignore lint/correctness/noComponentHookFactories: made once per test app, never during a render
  function Layout() {
    return (
      <ServicesProvider services={services}>
        <I18nProvider initialLocale={options.locale ?? 'fr'}>
          <DirectionRoot>
            <SessionGate>
              <Slot />
            </SessionGate>
          </DirectionRoot>
        </I18nProvider>
      </ServicesProvider>
    );
  }
  return { services, server, opened, Layout };
}
