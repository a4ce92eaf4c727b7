import type { Bid, BidWithDriver, Ride, RideMessage } from '@truck4u/contracts';
import { formatTnd } from '@truck4u/logic';
import { act, fireEvent, renderRouter, screen, waitFor, within } from 'expo-router/testing-library';
import { Share, Text } from 'react-native';
import CustomerRide from '../src/app/customer/rides/[id]';
import ActiveRide from '../src/app/driver/active';
import Dashboard from '../src/app/driver/index';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import { assignedRide, chatMessage, chatPage, customer, driver, ride, rideScreenRoutes } from './fixtures';
import { createTestApp } from './test-app';

type Routes = Parameters<typeof createFakeApi>[0];

async function open(user: typeof customer | typeof driver, routes: Routes, url: string) {
  const api = createFakeApi({
    ...rideScreenRoutes(user),
    ...routes,
  });
  const app = createTestApp({ fetch: api.fetch });
  await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  renderRouter(
    {
      _layout: app.Layout,
      'sign-in': SignIn,
      'customer/rides/[id]': CustomerRide,
      'customer/index': () => <Text>customer home</Text>,
      'driver/index': Dashboard,
      'driver/active': ActiveRide,
    },
    { initialUrl: url },
  );
  return { api, app };
}

describe('ride chat', () => {
  it('shows the history, a live message from the driver, marks it read, and sends a quick reply', async () => {
    const sent: RideMessage[] = [];
    const { api, app } = await open(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
        'GET /api/rides/[^/]+/messages': () => ({
          body: chatPage([
            chatMessage({ id: 1, senderRole: 'customer', senderId: customer.id, text: 'Bonjour' }),
          ]),
        }),
        'POST /api/rides/[^/]+/messages': (call) => {
          const message = chatMessage({
            id: 10 + sent.length,
            senderRole: 'customer',
            senderId: customer.id,
            quickReply: null,
            ...(call.body as object),
          });
          sent.push(message);
          return { status: 201, body: message };
        },
        'POST /api/rides/[^/]+/messages/read': (call) => ({
          body: {
            rideId: ride.id,
            readerRole: 'customer',
            ...(call.body as object),
            readAt: '2026-01-01T09:06:00.000Z',
          },
        }),
      },
      `/customer/rides/${ride.id}`,
    );

    const panel = await screen.findByTestId('chat-panel');
    expect(await within(panel).findByText('Bonjour')).toBeTruthy();
    // The driver's card: first name, vehicle and plate, a call button.
    expect(screen.getByTestId('driver-name')).toHaveTextContent('Sami');
    expect(screen.getByTestId('driver-vehicle')).toHaveTextContent(/123 TU 4567/);
    fireEvent.press(screen.getByTestId('driver-phone'));
    expect(app.opened).toEqual(['tel:+21698765432']);

    // The driver writes: the message appears without reloading, and is marked read up to it.
    act(() =>
      app.server.serverEmit('chat:message', {
        rideId: ride.id,
        message: chatMessage({ id: 2, text: 'J’arrive dans 10 minutes' }),
      }),
    );
    expect(await within(panel).findByText('J’arrive dans 10 minutes')).toBeTruthy();
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/api/rides/${ride.id}/messages/read`,
          body: { upTo: 2 },
        }),
      ),
    );
    // A message of another ride is not shown here.
    act(() =>
      app.server.serverEmit('chat:message', {
        rideId: '99999999-9999-4999-8999-999999999999',
        message: chatMessage({ id: 3, text: 'autre course' }),
      }),
    );
    expect(within(panel).queryByText('autre course')).toBeNull();

    fireEvent.press(within(panel).getByTestId('quick-reply-CALL_ME'));
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/api/rides/${ride.id}/messages`,
          body: { quickReply: 'CALL_ME' },
        }),
      ),
    );
    await waitFor(() => expect(within(panel).getAllByTestId('chat-message')).toHaveLength(3));
    // Shown in the reader's language, not as the code.
    expect(within(panel).getAllByTestId('chat-message')[2]).toHaveTextContent(/Appelez-moi$/);

    // The driver read it: the customer's own messages say so.
    act(() =>
      app.server.serverEmit('chat:read', {
        rideId: ride.id,
        readerRole: 'driver',
        upTo: 10,
        readAt: '2026-01-01T09:07:00.000Z',
      }),
    );
    await waitFor(() => expect(within(panel).getAllByText(/· Lu$/)).toHaveLength(2));
  });

  it('says the conversation is closed when the api refuses with CHAT_CLOSED', async () => {
    await open(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({ body: { ...assignedRide, status: 'COMPLETED' } }),
        'GET /api/rides/[^/]+/messages': () => ({ body: chatPage([]) }),
        'POST /api/rides/[^/]+/messages': () => ({
          status: 409,
          body: { error: { code: 'CHAT_CLOSED', message: 'closed' } },
        }),
      },
      `/customer/rides/${ride.id}`,
    );
    fireEvent.press(await screen.findByTestId('quick-reply-THANK_YOU'));
    expect(await screen.findByTestId('chat-closed')).toBeTruthy();
    expect(screen.queryByTestId('quick-reply-THANK_YOU')).toBeNull();
  });
});

describe('customer ride while the goods travel', () => {
  it('shows the ETA live, the delivery code, and shares the tracking link through the share sheet', async () => {
    const share = jest.spyOn(Share, 'share').mockResolvedValue({ action: 'sharedAction' });
    const { app } = await open(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({ body: { ...assignedRide, status: 'IN_TRANSIT' } }),
        'GET /api/rides/[^/]+/messages': () => ({ body: chatPage([]) }),
        'GET /api/rides/[^/]+/delivery': () => ({
          body: {
            rideId: ride.id,
            recipient: { name: 'Mme Ben Salah', phone: '+21650111222' },
            hasCode: true,
            code: '482913',
            triesLeft: 5,
            locked: false,
            smsSentAt: '2026-01-01T09:30:00.000Z',
          },
        }),
        'POST /api/rides/[^/]+/share': () => ({
          status: 201,
          body: {
            token: 'abcdefghijklmnopqrstuvwxyz',
            url: 'https://truck4u.tn/fr/track/abcdefghijklmnopqrstuvwxyz',
            expiresAt: null,
          },
        }),
      },
      `/customer/rides/${ride.id}`,
    );
    expect(await screen.findByTestId('delivery-code')).toHaveTextContent('Code de livraison : 482913');

    act(() =>
      app.server.serverEmit('ride:eta', { rideId: ride.id, etaSeconds: 1_200, distanceLeftMeters: 14_500 }),
    );
    expect(await screen.findByTestId('ride-eta')).toHaveTextContent(/20 min/);

    fireEvent.press(screen.getByTestId('share-ride'));
    await waitFor(() =>
      expect(share).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'https://truck4u.tn/fr/track/abcdefghijklmnopqrstuvwxyz' }),
      ),
    );
    share.mockRestore();
  });
});

describe('driver delivery code', () => {
  it('asks for the 6-digit code to complete, shows a wrong code, then completes and confirms the cash', async () => {
    let current: Ride = {
      ...assignedRide,
      status: 'DROPOFF_ARRIVED',
      payment: { status: 'NONE', method: 'CASH' },
    };
    const { api } = await open(
      driver,
      {
        'GET /api/rides': () => ({ body: { items: [current] } }),
        'GET /api/rides/[^/]+': () => ({ body: current }),
        'GET /api/rides/[^/]+/messages': () => ({ body: chatPage([]) }),
        'GET /api/rides/[^/]+/delivery': () => ({
          body: {
            rideId: ride.id,
            recipient: { name: 'Mme Ben Salah', phone: '+216 •• ••• 222' },
            hasCode: true,
            code: null,
            triesLeft: 5,
            locked: false,
            smsSentAt: '2026-01-01T09:30:00.000Z',
          },
        }),
        'PATCH /api/rides/[^/]+/status': (call) => {
          const body = call.body as { status: Ride['status']; deliveryCode?: string };
          if (body.deliveryCode !== '482913') {
            return { status: 422, body: { error: { code: 'DELIVERY_CODE_INVALID', message: 'wrong code' } } };
          }
          current = { ...current, status: 'COMPLETED' };
          return { body: current };
        },
        'POST /api/rides/[^/]+/payments/cash/confirm': () => {
          current = { ...current, payment: { status: 'PAID', method: 'CASH' } };
          return { body: { status: 'PAID' } };
        },
      },
      '/driver/active',
    );

    const input = await screen.findByTestId('delivery-code-input');
    const complete = screen.getByTestId('next-status');
    expect(complete.props.dataSet).toEqual({ nextStatus: 'COMPLETED' });
    expect(within(complete).getByText('Valider la livraison')).toBeTruthy();

    fireEvent.changeText(input, '111111');
    fireEvent.press(screen.getByTestId('next-status'));
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'PATCH',
          path: `/api/rides/${ride.id}/status`,
          body: { status: 'COMPLETED', deliveryCode: '111111' },
        }),
      ),
    );
    expect(await screen.findByText(/Code de livraison incorrect/)).toBeTruthy();
    expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'DROPOFF_ARRIVED' });

    fireEvent.changeText(screen.getByTestId('delivery-code-input'), '48 29 13');
    fireEvent.press(screen.getByTestId('next-status'));
    expect(await screen.findByTestId('ride-done')).toBeTruthy();
    expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'COMPLETED' });

    fireEvent.press(await screen.findByTestId('confirm-cash'));
    expect(await screen.findByTestId('cash-confirmed')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === `/api/rides/${ride.id}/payments/cash/confirm`)).toHaveLength(1);
    expect(screen.queryByTestId('confirm-cash')).toBeNull();
  });
});

describe('driver negotiation', () => {
  const bid: Bid = {
    id: '44444444-4444-4444-8444-444444444444',
    rideId: ride.id,
    driverId: driver.id,
    price: 90_000,
    etaMinutes: 15,
    message: null,
    status: 'PENDING',
    counterPrice: null,
    expiresAt: '2026-01-01T09:10:00.000Z',
    createdAt: '2026-01-01T09:01:00.000Z',
    updatedAt: '2026-01-01T09:01:00.000Z',
  };
  const offered: Ride = {
    ...ride,
    offeredPrice: 80_000,
    priceBand: { low: 150_000, high: 230_000, basis: 'tariff', sampleSize: 0 },
  };

  it('bids at the offered price in one tap, then answers the customer’s counter-offer', async () => {
    const { api, app } = await open(
      { ...driver, isOnline: true },
      {
        'GET /api/drivers/me/rides/available': () => ({
          body: { items: [{ ride: offered, distanceMeters: 2_400, myBid: null }] },
        }),
        'PATCH /api/drivers/me/availability': (call) => ({ body: call.body }),
        'POST /api/drivers/me/location': () => ({
          body: { at: '2026-01-01T09:00:00.000Z', activeRideId: null },
        }),
        'POST /api/rides/[^/]+/bids': () => ({ status: 201, body: { ...bid, price: 80_000 } }),
        'POST /api/rides/[^/]+/bids/[^/]+/counter/respond': (call) => ({
          body: {
            ...bid,
            price: 70_000,
            counterPrice: 70_000,
            status: (call.body as { accept: boolean }).accept ? 'PENDING' : 'DECLINED',
          },
        }),
      },
      '/driver',
    );
    const card = await screen.findByTestId('request-card');
    expect(within(card).getByTestId('offered-price')).toHaveTextContent(
      `Prix proposé par le client : ${formatTnd(80_000, 'fr')}`,
    );
    expect(within(card).getByTestId('price-band')).toHaveTextContent(
      new RegExp(formatTnd(150_000, 'fr').replace(/\s/g, '\\s')),
    );

    fireEvent.press(within(card).getByTestId('accept-offered'));
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/api/rides/${ride.id}/bids`,
          body: { etaMinutes: 15 },
        }),
      ),
    );
    expect(await screen.findByTestId('bid-sent')).toHaveTextContent(
      `Offre envoyée : ${formatTnd(80_000, 'fr')}`,
    );
    expect(screen.queryByTestId('accept-offered')).toBeNull();
    expect(screen.getByTestId('withdraw-bid')).toBeTruthy();

    // The customer counters at 70 TND: the driver is asked, live.
    act(() =>
      app.server.serverEmit('bid:countered', {
        bid: { ...bid, price: 80_000, status: 'COUNTERED', counterPrice: 70_000 },
      }),
    );
    const counter = await screen.findByTestId('counter-offer');
    expect(within(counter).getByText(`Le client propose ${formatTnd(70_000, 'fr')}`)).toBeTruthy();
    expect(screen.queryByTestId('bid-sent')).toBeNull();

    fireEvent.press(within(counter).getByTestId('counter-accept'));
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/api/rides/${ride.id}/bids/${bid.id}/counter/respond`,
          body: { accept: true },
        }),
      ),
    );
    // Accepted: the bid is live again at the customer's price.
    expect(await screen.findByTestId('bid-sent')).toHaveTextContent(
      `Offre envoyée : ${formatTnd(70_000, 'fr')}`,
    );
    expect(screen.queryByTestId('counter-offer')).toBeNull();
  });
});

describe('customer counter-offer', () => {
  it('flags a bid far below the usual price and sends a counter-offer in TND', async () => {
    let bid: BidWithDriver = {
      id: '44444444-4444-4444-8444-444444444444',
      rideId: ride.id,
      driverId: driver.id,
      price: 90_000,
      etaMinutes: 15,
      message: null,
      status: 'PENDING',
      counterPrice: null,
      priceFlag: 'LOW',
      expiresAt: '2026-01-01T09:10:00.000Z',
      createdAt: '2026-01-01T09:01:00.000Z',
      updatedAt: '2026-01-01T09:01:00.000Z',
      driver: {
        id: driver.id,
        name: 'Sami Ben Ali',
        rating: 4.8,
        ratingCount: 31,
        vehicleType: 'SMALL_VAN',
        vehicleCapacityKg: 1500,
      },
    };
    const { api } = await open(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({ body: ride }),
        'GET /api/rides/[^/]+/bids': () => ({ body: { items: [bid] } }),
        'POST /api/rides/[^/]+/bids/[^/]+/counter': (call) => {
          bid = { ...bid, status: 'COUNTERED', counterPrice: (call.body as { price: number }).price };
          return { body: bid };
        },
      },
      `/customer/rides/${ride.id}`,
    );
    const negotiation = await screen.findByTestId('bid-negotiation');
    expect(within(negotiation).getByTestId('price-flag')).toHaveTextContent(
      'Bien en dessous du prix habituel',
    );
    // No chat before a driver is assigned.
    expect(screen.queryByTestId('chat-panel')).toBeNull();

    fireEvent.changeText(within(negotiation).getByTestId('counter-price'), '100');
    fireEvent.press(within(negotiation).getByTestId('counter-send'));
    await waitFor(() =>
      expect(api.calls).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/api/rides/${ride.id}/bids/${bid.id}/counter`,
          body: { price: 100_000 },
        }),
      ),
    );
    expect(await screen.findByTestId('countered')).toHaveTextContent(
      `Vous avez proposé ${formatTnd(100_000, 'fr')} : en attente du chauffeur`,
    );
    expect(screen.queryByTestId('counter-send')).toBeNull();
  });
});
