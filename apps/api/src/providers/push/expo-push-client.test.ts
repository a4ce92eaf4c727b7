import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpoPushClient } from './expo-push-client';
import { type ExpoPushStandIn, startExpoPushStandIn } from './expo-push-stand-in';

let standIn: ExpoPushStandIn;

beforeAll(async () => {
  standIn = await startExpoPushStandIn({ accessToken: 'expo-access-token' });
});
afterAll(async () => {
  await standIn?.close();
});

const message = (to: string) => ({
  to,
  title: 'Nouvelle offre',
  body: '90,000 DT',
  data: { event: 'bid:new' },
});

describe('the Expo push client, over HTTP to the loopback stand-in', () => {
  it('sends notifications and reads one ticket per message, in order', async () => {
    const client = new ExpoPushClient({
      baseUrl: standIn.url,
      accessToken: 'expo-access-token',
      timeoutMs: 2_000,
    });
    const gone = 'ExponentPushToken[uninstalled]';
    standIn.unregister(gone);
    const tickets = await client.send([
      message('ExponentPushToken[a]'),
      message(gone),
      message('not-a-token'),
    ]);
    expect(tickets.map((t) => t.status)).toEqual(['ok', 'error', 'error']);
    expect(tickets[1]).toMatchObject({ deviceGone: true });
    expect(standIn.pushesTo('ExponentPushToken[a]')[0]).toMatchObject({
      title: 'Nouvelle offre',
      data: { event: 'bid:new' },
    });
  });

  it('splits more than 100 messages into requests Expo accepts', async () => {
    const client = new ExpoPushClient({
      baseUrl: standIn.url,
      accessToken: 'expo-access-token',
      timeoutMs: 2_000,
    });
    const tokens = Array.from({ length: 130 }, (_, i) => `ExponentPushToken[bulk-${i}]`);
    const tickets = await client.send(tokens.map(message));
    expect(tickets).toHaveLength(130);
    expect(tickets.every((t) => t.status === 'ok')).toBe(true);
  });

  it('fails as a delivery error when refused or unreachable', async () => {
    const wrongToken = new ExpoPushClient({ baseUrl: standIn.url, accessToken: 'wrong', timeoutMs: 2_000 });
    await expect(wrongToken.send([message('ExponentPushToken[a]')])).rejects.toThrow(/refused.*401/);
    const nobody = new ExpoPushClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    await expect(nobody.send([message('ExponentPushToken[a]')])).rejects.toThrow(/unreachable/);
  });
});
