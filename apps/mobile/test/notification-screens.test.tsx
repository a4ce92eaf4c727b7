import type { AvailableRide, Ride } from '@truck4u/contracts';
import { router } from 'expo-router';
import { act, fireEvent, renderRouter, screen, waitFor, within } from 'expo-router/testing-library';
import { ScrollView } from 'react-native';
import CustomerRide from '../src/app/customer/rides/[id]';
import ActiveRide from '../src/app/driver/active';
import Dashboard from '../src/app/driver/index';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import {
  assignedRide,
  authFor,
  chatMessage,
  chatPage,
  customer,
  driver,
  ride,
  rideScreenRoutes,
} from './fixtures';
import { createTestApp } from './test-app';

// What the screens a tapped notification opens do with the params services/notification-routing.ts gives
// them: the shift puts the tapped request first (or says it is gone), the ride screens bring the chat into view.

const onShift = { ...driver, isOnline: true };

/** Another ride offered to the same driver, offered after the tapped one (so listed before it). */
const otherRide: Ride = {
  ...ride,
  id: '55555555-5555-4555-8555-555555555555',
  pickup: { lat: 36.75, lng: 10.22, address: 'Ben Arous' },
  dropoff: { lat: 36.45, lng: 10.73, address: 'Nabeul' },
};

const offered = (offer: Ride): AvailableRide => ({
  ride: offer,
  distanceMeters: 1_800,
  notifiedAt: '2026-01-01T09:00:00.000Z',
  myBid: null,
});

const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Ride not found' } } };

/** The shift opened as a tap on a ride request opens it, over the api as `routes` answer it. */
async function openShiftFromTap(routes: Parameters<typeof createFakeApi>[0], user = onShift) {
  const api = createFakeApi({
    'POST /api/auth/refresh': () => ({ body: authFor(user) }),
    'GET /api/me': () => ({ body: user }),
    'PATCH /api/drivers/me/availability': (call) => ({ body: call.body }),
    'POST /api/drivers/me/location': () => ({ body: { at: '2026-01-01T09:00:00.000Z', activeRideId: null } }),
    ...routes,
  });
  const app = createTestApp({ fetch: api.fetch });
  await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  renderRouter(
    { _layout: app.Layout, 'sign-in': SignIn, 'driver/index': Dashboard, 'driver/active': ActiveRide },
    { initialUrl: `/driver?request=${ride.id}` },
  );
  await screen.findByTestId('online-toggle');
  return { api, app };
}

describe('the shift opened from a ride request’s notification', () => {
  it('shows the tapped request first, framed and labelled, above the other offers', async () => {
    await openShiftFromTap({
      'GET /api/drivers/me/rides/available': () => ({ body: { items: [offered(otherRide), offered(ride)] } }),
      'GET /api/rides/[^/]+': () => ({ body: ride }),
    });

    await waitFor(() => expect(screen.getAllByTestId('request-card')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('request-card');
    if (!first || !second) throw new Error('two request cards');
    expect(first.props.dataSet).toEqual({ rideId: ride.id, highlighted: true });
    expect(first).toBeSelected();
    expect(within(first).getByTestId('request-tapped')).toHaveTextContent('Depuis votre notification');
    expect(within(first).getByText('Charguia, zone industrielle → Sousse')).toBeTruthy();
    expect(second.props.dataSet).toEqual({ rideId: otherRide.id });
    expect(second).not.toBeSelected();
    expect(screen.queryByTestId('request-gone')).toBeNull();
  });

  it('says the tapped request is no longer open when another driver took it, until closed', async () => {
    await openShiftFromTap({
      'GET /api/drivers/me/rides/available': () => ({ body: { items: [offered(otherRide)] } }),
      // Once a ride stops taking bids the api hides it from the drivers it was offered to.
      'GET /api/rides/[^/]+': () => notFound,
    });

    expect(await screen.findByTestId('request-gone')).toHaveTextContent(
      'Cette demande n’est plus ouverte : un autre chauffeur l’a prise, ou elle a été annulée ou a expiré.',
    );
    // The other offers are still there to bid on, none of them framed.
    const card = await screen.findByTestId('request-card');
    expect(card.props.dataSet).toEqual({ rideId: otherRide.id });
    expect(screen.queryByTestId('request-tapped')).toBeNull();

    fireEvent.press(screen.getByTestId('request-gone-close'));
    expect(screen.queryByTestId('request-gone')).toBeNull();
  });

  it('says so when the tapped request is taken while the driver is looking at it', async () => {
    let open = true;
    const { app } = await openShiftFromTap({
      'GET /api/drivers/me/rides/available': () => ({ body: { items: [offered(ride)] } }),
      'GET /api/rides/[^/]+': () => (open ? { body: ride } : notFound),
    });
    const card = await screen.findByTestId('request-card');
    expect(card.props.dataSet).toEqual({ rideId: ride.id, highlighted: true });

    // The customer accepts another driver's bid: the ride leaves this driver's requests.
    open = false;
    act(() =>
      app.server.serverEmit('ride:status', {
        rideId: ride.id,
        eventId: 2,
        from: 'PENDING_BIDS',
        to: 'BID_ACCEPTED',
        ride: { ...ride, status: 'BID_ACCEPTED' },
      }),
    );

    expect(await screen.findByTestId('request-gone')).toBeTruthy();
    expect(screen.queryByTestId('request-card')).toBeNull();
  });

  it('says nothing is wrong when the driver withdraws their own bid on the tapped request', async () => {
    const bidId = '44444444-4444-4444-8444-444444444444';
    const { api } = await openShiftFromTap({
      'GET /api/drivers/me/rides/available': () => ({
        body: {
          items: [
            {
              ...offered(ride),
              myBid: { id: bidId, price: 90_000, status: 'PENDING' },
            },
          ],
        },
      }),
      'GET /api/rides/[^/]+': () => ({ body: ride }),
      'DELETE /api/rides/[^/]+/bids/[^/]+': () => ({
        body: { id: bidId, rideId: ride.id, status: 'WITHDRAWN' },
      }),
    });
    fireEvent.press(await screen.findByTestId('withdraw-bid'));
    // Gone from the list, so the ride is asked for again, and found still taking bids.
    const rideReads = () => api.calls.filter((c) => c.method === 'GET' && c.path === `/api/rides/${ride.id}`);
    await waitFor(() => expect(rideReads()).toHaveLength(2));
    await act(async () => undefined);
    expect(screen.queryByTestId('request-card')).toBeNull();
    expect(screen.queryByTestId('request-gone')).toBeNull();
  });

  it('offers the ride under way when the tapped request was won while the app was closed', async () => {
    await openShiftFromTap({
      'GET /api/drivers/me/rides/available': () => ({ body: { items: [] } }),
      'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
    });
    expect(await screen.findByTestId('open-active')).toBeTruthy();
    expect(screen.getByText('Offre acceptée ! Allez au chargement.')).toBeTruthy();
    expect(screen.queryByTestId('request-gone')).toBeNull();
  });

  it('tells an offline driver to go online to see the tapped request, then shows it framed', async () => {
    await openShiftFromTap(
      {
        'GET /api/drivers/me/rides/available': () => ({ body: { items: [offered(ride)] } }),
        'GET /api/rides/[^/]+': () => ({ body: ride }),
      },
      driver,
    );
    expect(await screen.findByTestId('request-offline')).toHaveTextContent(
      'Vous êtes hors ligne : passez en ligne pour voir cette demande et faire une offre.',
    );
    expect(screen.queryByTestId('request-card')).toBeNull();

    fireEvent(screen.getByTestId('online-toggle'), 'valueChange', true);
    const card = await screen.findByTestId('request-card');
    expect(card.props.dataSet).toEqual({ rideId: ride.id, highlighted: true });
    expect(screen.queryByTestId('request-offline')).toBeNull();
  });
});

/** A layout measure as React Native reports it. */
const layout = (y: number, height: number) => ({
  nativeEvent: { layout: { x: 0, y, width: 360, height } },
});

/** Measures the page as a phone would: a 700 pt high window over 2 400 pt of content, the chat at `chatY`. */
function measure(screenTestId: string, chat: { y: number; height: number }) {
  const page = screen.getByTestId(screenTestId);
  fireEvent(page, 'layout', layout(0, 700));
  fireEvent(page, 'contentSizeChange', 360, 2_400);
  fireEvent(screen.getByTestId('chat-section'), 'layout', layout(chat.y, chat.height));
}

describe('a ride screen opened from a chat message’s notification', () => {
  let scrollTo: jest.SpyInstance;
  beforeEach(() => {
    scrollTo = jest.spyOn(ScrollView.prototype, 'scrollTo');
    scrollTo.mockClear();
  });
  afterEach(() => scrollTo.mockRestore());

  async function openCustomerRide(url: string) {
    const api = createFakeApi({
      ...rideScreenRoutes(customer),
      'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
      'GET /api/rides/[^/]+/messages': () => ({
        body: chatPage([chatMessage({ id: 1, text: 'Je suis devant le dépôt' })]),
      }),
    });
    const app = createTestApp({ fetch: api.fetch });
    await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
    renderRouter(
      { _layout: app.Layout, 'sign-in': SignIn, 'customer/rides/[id]': CustomerRide },
      { initialUrl: url },
    );
    await screen.findByText('Je suis devant le dépôt');
  }

  it('scrolls the customer’s ride down to the chat, and keeps it there while the cards above load', async () => {
    await openCustomerRide(`/customer/rides/${assignedRide.id}?chat=1`);

    measure('ride-screen', { y: 1_200, height: 400 });
    // The chat's top, with a little room above it.
    expect(scrollTo).toHaveBeenLastCalledWith({ y: 1_184, animated: true });

    // Proof photos above it arrive and push it down: the page follows.
    fireEvent(screen.getByTestId('chat-section'), 'layout', layout(1_350, 400));
    expect(scrollTo).toHaveBeenLastCalledWith({ y: 1_334, animated: true });

    // Once the customer touches the page, it is theirs: nothing scrolls it any more.
    scrollTo.mockClear();
    fireEvent(screen.getByTestId('ride-screen'), 'touchStart');
    fireEvent(screen.getByTestId('chat-section'), 'layout', layout(1_500, 400));
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('leaves the ride screen at its top when it was opened any other way', async () => {
    await openCustomerRide(`/customer/rides/${assignedRide.id}`);
    measure('ride-screen', { y: 1_200, height: 400 });
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('shows the end of a long chat on the driver’s ride, and scrolls to it again for the next tap', async () => {
    const api = createFakeApi({
      ...rideScreenRoutes(driver),
      'GET /api/rides': () => ({ body: { items: [assignedRide] } }),
      'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
      'GET /api/rides/[^/]+/messages': () => ({
        body: chatPage([
          chatMessage({ id: 1, senderRole: 'customer', senderId: customer.id, text: 'Porte 3, au fond' }),
        ]),
      }),
    });
    const app = createTestApp({ fetch: api.fetch });
    await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
    renderRouter(
      { _layout: app.Layout, 'sign-in': SignIn, 'driver/active': ActiveRide },
      { initialUrl: '/driver/active?chat=1' },
    );
    await screen.findByText('Porte 3, au fond');

    // Taller than the window: its bottom (the newest messages and the input) is what comes into view.
    measure('active-ride-screen', { y: 900, height: 1_000 });
    expect(scrollTo).toHaveBeenLastCalledWith({ y: 900 + 1_000 + 16 - 700, animated: true });

    // The driver scrolls away; another message's notification is tapped while this screen is still open.
    fireEvent(screen.getByTestId('active-ride-screen'), 'touchStart');
    scrollTo.mockClear();
    act(() => router.navigate({ pathname: '/driver/active', params: { chat: '1' } }));
    await waitFor(() => expect(scrollTo).toHaveBeenLastCalledWith({ y: 1_216, animated: true }));
  });
});
