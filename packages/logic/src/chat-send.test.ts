import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client';
import { createChatSendKeys } from './chat-send';

const counter = () => {
  let n = 0;
  return () => `key-${String(++n).padStart(4, '0')}`;
};

describe('chat send keys', () => {
  it('keeps a message’s key while it is sent again, and gives the next message a new one', () => {
    const keys = createChatSendKeys(counter());
    const first = keys.keyFor({ text: 'Porte 3' });
    // The answer was lost: the user presses send again, with the text still in the box (spaces aside).
    expect(keys.keyFor({ text: 'Porte 3 ' })).toBe(first);
    keys.release(first);
    // The same words sent again later are a new message.
    expect(keys.keyFor({ text: 'Porte 3' })).not.toBe(first);
  });

  it('gives a different message a new key, so the api never sees one key for two messages', () => {
    const keys = createChatSendKeys(counter());
    const failed = keys.keyFor({ text: 'Porte 3' });
    const edited = keys.keyFor({ text: 'Porte 4' });
    expect(edited).not.toBe(failed);
    expect(keys.keyFor({ quickReply: 'CALL_ME' })).not.toBe(edited);
    expect(keys.keyFor({ quickReply: 'CALL_ME' })).toBe(keys.keyFor({ quickReply: 'CALL_ME' }));
    // The first one is still unanswered: sending it again is still the same message.
    expect(keys.keyFor({ text: 'Porte 3' })).toBe(failed);
  });

  it('releases only the message that was answered', () => {
    const keys = createChatSendKeys(counter());
    const un = keys.keyFor({ text: 'un' });
    const deux = keys.keyFor({ text: 'deux' });
    keys.release(un);
    expect(keys.keyFor({ text: 'deux' })).toBe(deux);
    expect(keys.keyFor({ text: 'un' })).not.toBe(un);
  });

  it('makes keys the api accepts by default', () => {
    expect(createChatSendKeys().keyFor({ text: 'x' })).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  });

  it('sends the key as the Idempotency-Key header of the chat post, and makes one when none is given', async () => {
    const keysSent: Array<string | undefined> = [];
    const client = createApiClient({
      baseUrl: 'http://api',
      getAccessToken: () => 'token',
      refreshAccessToken: async () => null,
      fetch: (async (_url: string | URL | Request, init?: RequestInit) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        keysSent.push(headers['idempotency-key']);
        return new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch,
    });
    await client.chat.send('ride-1', { text: 'Bonjour' }, 'key-from-the-panel');
    await client.chat.send('ride-1', { text: 'Bonjour' });
    expect(keysSent[0]).toBe('key-from-the-panel');
    expect(keysSent[1]).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  });
});
