import type { RideMessage } from '@truck4u/contracts';
import { act, renderRouter, screen, waitFor, within } from 'expo-router/testing-library';
import { AppState, type AppStateStatus } from 'react-native';
import CustomerRide from '../src/app/customer/rides/[id]';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import { assignedRide, chatMessage, chatPage, customer, ride, rideScreenRoutes } from './fixtures';
import { createTestApp } from './test-app';

// The server's copy of the chat: the test adds messages to it "while the phone was away".
function chatServer(initial: RideMessage[]) {
  const messages = [...initial];
  const afters: Array<number | null> = [];
  let lastUrl = '';
  const api = createFakeApi({
    ...rideScreenRoutes(customer),
    'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
    'GET /api/rides/[^/]+/messages': () => {
      const raw = new URL(lastUrl).searchParams.get('after');
      const after = raw === null ? null : Number(raw);
      afters.push(after);
      // Pages of two, so a long absence takes more than one read.
      const newer = messages.filter((m) => after === null || m.id > after);
      const page = newer.slice(0, 2);
      const last = page.at(-1);
      return {
        body: { ...chatPage(page), ...(newer.length > 2 && last ? { nextCursor: String(last.id) } : {}) },
      };
    },
    'POST /api/rides/[^/]+/messages/read': (call) => ({
      body: {
        rideId: ride.id,
        readerRole: 'customer',
        ...(call.body as object),
        readAt: '2026-01-01T09:06:00.000Z',
      },
    }),
  });
  const fetch: typeof globalThis.fetch = (input, init) => {
    lastUrl = String(input);
    return api.fetch(input, init);
  };
  return { messages, afters, fetch };
}

const fromDriver = (id: number, text: string) => chatMessage({ id, senderRole: 'driver', text });

async function openChat(server: ReturnType<typeof chatServer>) {
  const app = createTestApp({ fetch: server.fetch });
  await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  renderRouter(
    { _layout: app.Layout, 'sign-in': SignIn, 'customer/rides/[id]': CustomerRide },
    { initialUrl: `/customer/rides/${ride.id}` },
  );
  const panel = await screen.findByTestId('chat-panel');
  return { app, panel };
}

describe('chat after a lost connection', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the messages sent while the socket was down once it reconnects, without duplicates', async () => {
    const server = chatServer([
      chatMessage({ id: 1, senderRole: 'customer', senderId: customer.id, text: 'Bonjour' }),
    ]);
    const { app, panel } = await openChat(server);
    expect(await within(panel).findByText('Bonjour')).toBeTruthy();

    act(() => app.server.socket.disconnect());
    // Three messages the phone never received live: more than one page of the fake's two.
    server.messages.push(
      fromDriver(2, 'Je suis en route'),
      fromDriver(3, 'Bouchon à Charguia'),
      fromDriver(4, 'Arrivé'),
    );
    expect(within(panel).queryByText('Arrivé')).toBeNull();

    const readsBefore = server.afters.length;
    act(() => {
      app.server.socket.connect();
    });
    expect(await within(panel).findByText('Arrivé')).toBeTruthy();
    expect(within(panel).getByText('Je suis en route')).toBeTruthy();
    expect(within(panel).getByText('Bouchon à Charguia')).toBeTruthy();
    // From the last message held, then the next page: never the whole history again.
    expect(server.afters.slice(readsBefore)).toEqual([1, 3]);

    // The same message arriving late on the socket as well is shown once.
    act(() => app.server.serverEmit('chat:message', { rideId: ride.id, message: fromDriver(4, 'Arrivé') }));
    await waitFor(() => expect(within(panel).getAllByTestId('chat-message')).toHaveLength(4));
    expect(within(panel).getAllByText('Arrivé')).toHaveLength(1);
  });

  it('reads what was missed when the app comes back to the foreground', async () => {
    const listeners: Array<(state: AppStateStatus) => void> = [];
    jest.spyOn(AppState, 'addEventListener').mockImplementation((type, listener) => {
      if (type === 'change') listeners.push(listener as (state: AppStateStatus) => void);
      return { remove: () => undefined };
    });
    const server = chatServer([fromDriver(1, 'Je charge')]);
    const { panel } = await openChat(server);
    expect(await within(panel).findByText('Je charge')).toBeTruthy();

    server.messages.push(fromDriver(2, 'Parti vers Sfax'));
    act(() => {
      for (const listener of listeners) listener('background');
    });
    expect(within(panel).queryByText('Parti vers Sfax')).toBeNull();
    act(() => {
      for (const listener of listeners) listener('active');
    });
    expect(await within(panel).findByText('Parti vers Sfax')).toBeTruthy();
    expect(server.afters.at(-1)).toBe(1);
    expect(within(panel).getAllByTestId('chat-message')).toHaveLength(2);
  });
});
