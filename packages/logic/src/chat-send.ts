import type { PostRideMessage } from '@truck4u/contracts';
import { newIdempotencyKey } from './idempotency';

/**
 * The Idempotency-Keys of one chat panel's sends. A message keeps its key until the api is done with it, so
 * pressing send again after a lost answer (timeout, dropped connection, 503) retries the same message and the
 * api answers the first copy instead of posting it twice. A different message gets a new key: reusing the old
 * one would be refused (422 IDEMPOTENCY_KEY_REUSED). A refusal that stored nothing (409, 429) leaves the key
 * unused on the server, so keeping it across those is harmless.
 */
export interface ChatSendKeys {
  /** The key to send `body` with: the key it had when it went unanswered before, else a new one. */
  keyFor(body: PostRideMessage): string;
  /**
   * The api answered this key for good (the message is stored, or the key was refused as used for another
   * message): the next send is a new message with a new key.
   */
  release(key: string): void;
}

/** Unsent messages remembered at once; beyond it the oldest is forgotten (it gets a new key if sent again). */
const MAX_PENDING = 20;

export function createChatSendKeys(newKey: () => string = newIdempotencyKey): ChatSendKeys {
  // By what the message says: several may be unanswered at once (a quick reply tapped while text is in flight).
  const pending = new Map<string, string>();
  // The api trims text before comparing, so "ok " sent again as "ok" is the same message.
  const fingerprintOf = (body: PostRideMessage) =>
    body.quickReply !== undefined ? `q:${body.quickReply}` : `t:${(body.text ?? '').trim()}`;
  return {
    keyFor(body) {
      const fingerprint = fingerprintOf(body);
      const known = pending.get(fingerprint);
      if (known) return known;
      const key = newKey();
      pending.set(fingerprint, key);
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
      return key;
    },
    release(key) {
      for (const [fingerprint, pendingKey] of pending) {
        if (pendingKey === key) pending.delete(fingerprint);
      }
    },
  };
}
