import { router, Slot, useLocalSearchParams } from 'expo-router';
import { act, fireEvent, renderRouter, screen } from 'expo-router/testing-library';
import { Text } from 'react-native';
import SignIn from '../src/app/sign-in';
import { DirectionRoot } from '../src/components/direction-root';
import { SessionGate } from '../src/components/session-gate';
import { I18nProvider } from '../src/i18n/i18n-context';
import { notificationTarget } from '../src/services/notification-routing';
import { type NotificationTap, NotificationTapRouter } from '../src/services/notification-taps';
import { ServicesProvider } from '../src/services/services-context';
import { createFakeApi } from './fake-api';
import { authFor, customer, driver, ride } from './fixtures';
import { createTestApp } from './test-app';

describe('which screen a tapped notification opens', () => {
  const rideId = ride.id;

  it('opens a ride request on the driver’s shift, with the request named', () => {
    expect(notificationTarget({ event: 'ride:request', rideId }, 'driver')).toEqual({
      pathname: '/driver',
      params: { request: rideId },
    });
  });

  it('opens the customer’s ride for a new bid, an acceptance and each status change', () => {
    const target = { pathname: '/customer/rides/[id]', params: { id: rideId } };
    expect(notificationTarget({ event: 'bid:new', rideId, bidId: 'b1' }, 'customer')).toEqual(target);
    expect(notificationTarget({ event: 'ride:status', rideId, status: 'IN_TRANSIT' }, 'customer')).toEqual(
      target,
    );
    expect(notificationTarget({ event: 'bid:accepted', rideId }, 'customer')).toEqual(target);
  });

  it('opens the driver’s ride under way for an acceptance or a cancellation', () => {
    expect(notificationTarget({ event: 'bid:accepted', rideId, bidId: 'b1' }, 'driver')).toEqual({
      pathname: '/driver/active',
    });
    expect(notificationTarget({ event: 'ride:status', rideId, status: 'CANCELLED' }, 'driver')).toEqual({
      pathname: '/driver/active',
    });
  });

  it('opens the ride’s chat for a chat message, on either side', () => {
    expect(notificationTarget({ event: 'chat:message', rideId }, 'customer')).toEqual({
      pathname: '/customer/rides/[id]',
      params: { id: rideId, chat: '1' },
    });
    expect(notificationTarget({ event: 'chat:message', rideId }, 'driver')).toEqual({
      pathname: '/driver/active',
      params: { chat: '1' },
    });
  });

  it('opens the driver’s documents when one was reviewed or is expiring', () => {
    expect(notificationTarget({ event: 'document:status', documentId: 'd1' }, 'driver')).toEqual({
      pathname: '/driver/documents',
    });
  });

  it('stays put for what makes no sense for the account signed in', () => {
    // Meant for the other role (an account that used this phone before).
    expect(notificationTarget({ event: 'bid:new', rideId, role: 'customer' }, 'driver')).toBeNull();
    expect(notificationTarget({ event: 'ride:status', rideId, role: 'driver' }, 'customer')).toBeNull();
    expect(notificationTarget({ event: 'ride:request', rideId }, 'customer')).toBeNull();
    expect(notificationTarget({ event: 'bid:new', rideId }, 'driver')).toBeNull();
    expect(notificationTarget({ event: 'bid:new' }, 'customer')).toBeNull();
    expect(notificationTarget({ event: 'document:status', documentId: 'd1' }, 'customer')).toBeNull();
    expect(notificationTarget(null, 'driver')).toBeNull();
    expect(notificationTarget('ride:request', 'driver')).toBeNull();
  });

  it('follows the role the api names when it is the signed-in one', () => {
    expect(notificationTarget({ event: 'bid:new', rideId, role: 'customer' }, 'customer')).toEqual({
      pathname: '/customer/rides/[id]',
      params: { id: rideId },
    });
  });
});

/** Taps the test makes: `last` is the one that launched the app, `tap` one made while it runs. */
function fakeTaps(launchedBy: NotificationTap | null = null) {
  const listeners = new Set<(tap: NotificationTap) => void>();
  return {
    source: {
      last: async () => launchedBy,
      subscribe(listener: (tap: NotificationTap) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    tap(tap: NotificationTap) {
      for (const listener of listeners) listener(tap);
    },
    get listening() {
      return listeners.size;
    },
  };
}

function Params(props: { label: string }) {
  const params = useLocalSearchParams<Record<string, string>>();
  const shown = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(' ');
  return <Text>{`${props.label} ${shown}`.trim()}</Text>;
}

function start(options: {
  user: typeof customer | typeof driver | null;
  taps: ReturnType<typeof fakeTaps>;
  url: string;
}) {
  const api = createFakeApi({
    'POST /api/auth/refresh': () => ({ body: authFor(options.user ?? customer) }),
    'GET /api/me': () => ({ body: options.user }),
    'POST /api/auth/login': (call) => ({
      body: authFor((call.body as { role: string }).role === 'driver' ? driver : customer),
    }),
  });
  const app = createTestApp({ fetch: api.fetch });
  if (options.user) void app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  // As src/app/_layout.tsx: the tap router sits inside the session gate.
  // biome-ignore lint/correctness/noComponentHookFactories: made once per test app, never during a render
  function Layout() {
    return (
      <ServicesProvider services={app.services}>
        <I18nProvider initialLocale="fr">
          <DirectionRoot>
            <SessionGate>
              <NotificationTapRouter source={options.taps.source} />
              <Slot />
            </SessionGate>
          </DirectionRoot>
        </I18nProvider>
      </ServicesProvider>
    );
  }
  const view = renderRouter(
    {
      _layout: Layout,
      index: () => <Text>starting</Text>,
      'sign-in': SignIn,
      'customer/index': () => <Params label="customer home" />,
      'customer/rides/[id]': () => <Params label="customer ride" />,
      'driver/index': () => <Params label="driver shift" />,
      'driver/active': () => <Params label="driver active" />,
      'driver/earnings': () => <Params label="driver earnings" />,
    },
    { initialUrl: options.url },
  );
  return { app, view };
}

describe('tapping a notification', () => {
  it('opens the ride whose bid launched the app, once the stored session is back', async () => {
    const taps = fakeTaps({
      id: 'n1',
      data: { event: 'bid:new', rideId: ride.id, bidId: 'b1', role: 'customer' },
    });
    const { view } = start({ user: customer, taps, url: '/' });

    expect(await screen.findByText(`customer ride id=${ride.id}`)).toBeTruthy();
    expect(view.getPathname()).toBe(`/customer/rides/${ride.id}`);
  });

  it('sends a signed-out driver to sign in first, then to the request that was tapped', async () => {
    const taps = fakeTaps();
    const { view } = start({ user: null, taps, url: '/' });
    await screen.findByTestId('login-submit');
    await act(async () =>
      taps.tap({ id: 'n2', data: { event: 'ride:request', rideId: ride.id, role: 'driver' } }),
    );
    // Still on sign-in: nothing opens behind the gate.
    expect(view.getPathname()).toBe('/sign-in');

    fireEvent.press(screen.getByTestId('login-role-driver'));
    fireEvent.changeText(screen.getByTestId('login-phone'), '22000001');
    fireEvent.changeText(screen.getByTestId('login-password'), 'demo-password');
    fireEvent.press(screen.getByTestId('login-submit'));

    expect(await screen.findByText(`driver shift request=${ride.id}`)).toBeTruthy();
    expect(view.getPathname()).toBe('/driver');
  });

  it('opens the ride’s chat for a tap while the app runs, and only once for a tap reported twice', async () => {
    const taps = fakeTaps();
    const { view } = start({ user: driver, taps, url: '/driver/earnings' });
    expect(await screen.findByText('driver earnings')).toBeTruthy();

    const message = { id: 'n3', data: { event: 'chat:message', rideId: ride.id, role: 'driver' } };
    await act(async () => taps.tap(message));
    expect(await screen.findByText('driver active chat=1')).toBeTruthy();

    act(() => router.navigate('/driver/earnings'));
    expect(await screen.findByText('driver earnings')).toBeTruthy();
    await act(async () => taps.tap(message));
    expect(view.getPathname()).toBe('/driver/earnings');
  });

  it('leaves the driver where they are for a push meant for a customer account', async () => {
    const taps = fakeTaps();
    const { view } = start({ user: driver, taps, url: '/driver/earnings' });
    expect(await screen.findByText('driver earnings')).toBeTruthy();
    await act(async () =>
      taps.tap({ id: 'n4', data: { event: 'ride:status', rideId: ride.id, role: 'customer' } }),
    );
    expect(view.getPathname()).toBe('/driver/earnings');
    expect(taps.listening).toBe(1);
  });
});
