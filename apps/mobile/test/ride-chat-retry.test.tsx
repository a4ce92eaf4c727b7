import type { RideMessage } from '@truck4u/contracts';
import { fireEvent, renderRouter, screen, waitFor, within } from 'expo-router/testing-library';
import CustomerRide from '../src/app/customer/rides/[id]';
import SignIn from '../src/app/sign-in';
import { type Call, createFakeApi } from './fake-api';
import { assignedRide, chatMessage, chatPage, customer, rideScreenRoutes } from './fixtures';
import { createTestApp } from './test-app';

/**
 * The api's side of a send as the real one does it: a message is stored once per Idempotency-Key and a
 * repeat answers the stored copy. `loseNextAnswer` stores the message but answers 503, as when the
 * connection drops after the server wrote it.
 */
function chatServer() {
  const stored = new Map<string, RideMessage>();
  const state = { loseNextAnswer: false };
  const api = createFakeApi({
    ...rideScreenRoutes(customer),
    'GET /api/rides/[^/]+': () => ({ body: assignedRide }),
    'GET /api/rides/[^/]+/messages': () => ({ body: chatPage([...stored.values()]) }),
    'POST /api/rides/[^/]+/messages': (call) => {
      const key = call.headers['idempotency-key'] ?? `no-key-${stored.size}`;
      const message =
        stored.get(key) ??
        chatMessage({
          id: stored.size + 1,
          senderRole: 'customer',
          senderId: customer.id,
          ...(call.body as object),
        });
      stored.set(key, message);
      if (state.loseNextAnswer) {
        state.loseNextAnswer = false;
        return { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'lost' } } };
      }
      return { status: 201, body: message };
    },
  });
  return { api, stored, state };
}

const sends = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));

describe('chat send after a lost answer', () => {
  it('sends the same message again under its first key, shows it once, and gives the next message a new key', async () => {
    const server = chatServer();
    const app = createTestApp({ fetch: server.api.fetch });
    await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
    renderRouter(
      { _layout: app.Layout, 'sign-in': SignIn, 'customer/rides/[id]': CustomerRide },
      { initialUrl: `/customer/rides/${assignedRide.id}` },
    );
    const panel = await screen.findByTestId('chat-panel');

    server.state.loseNextAnswer = true;
    fireEvent.changeText(within(panel).getByTestId('chat-input'), 'Porte 3, au fond de la cour');
    fireEvent.press(within(panel).getByTestId('chat-send'));
    await waitFor(() => expect(sends(server.api.calls)).toHaveLength(1));
    // The text stays in the box, so pressing send again is the retry.
    await waitFor(() =>
      expect(within(panel).getByTestId('chat-input').props.value).toBe('Porte 3, au fond de la cour'),
    );
    await waitFor(() => expect(within(panel).getByTestId('chat-send')).toBeEnabled());
    fireEvent.press(within(panel).getByTestId('chat-send'));
    await waitFor(() => expect(sends(server.api.calls)).toHaveLength(2));

    expect(await within(panel).findByText('Porte 3, au fond de la cour')).toBeTruthy();
    const [first, retry] = sends(server.api.calls);
    expect(first?.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(server.stored.size).toBe(1);
    expect(within(panel).getAllByTestId('chat-message')).toHaveLength(1);

    fireEvent.press(within(panel).getByTestId('quick-reply-THANK_YOU'));
    await waitFor(() => expect(sends(server.api.calls)).toHaveLength(3));
    expect(sends(server.api.calls)[2]?.headers['idempotency-key']).not.toBe(
      first?.headers['idempotency-key'],
    );
    await waitFor(() => expect(within(panel).getAllByTestId('chat-message')).toHaveLength(2));
  });
});
