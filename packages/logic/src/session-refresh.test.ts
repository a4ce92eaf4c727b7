import type { UserProfile } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { createSessionRefresher, type RefreshOutcome } from './session-refresh';
import { createSessionStore } from './stores/session-store';

const user = (name: string) => ({ id: name, name, role: 'customer' }) as unknown as UserProfile;
const refused = (code: ApiError['code']): RefreshOutcome => ({
  kind: 'refused',
  error: new ApiError(code, 'refused', 401),
});

/** A refresh whose answer the test releases when it wants, to play the page-load refresh racing a sign-in. */
function heldRefresh() {
  let release: (outcome: RefreshOutcome) => void = () => undefined;
  let calls = 0;
  const refresh = () => {
    calls += 1;
    return new Promise<RefreshOutcome>((resolve) => {
      release = resolve;
    });
  };
  return { refresh, release: (o: RefreshOutcome) => release(o), calls: () => calls };
}

function setup() {
  const store = createSessionStore();
  const held = heldRefresh();
  const ended: Array<string | null> = [];
  const refresher = createSessionRefresher({
    store,
    refresh: held.refresh,
    onRefused: (code) => {
      ended.push(code);
      store.getState().signOut(code ?? undefined);
    },
  });
  return { store, held, ended, refresher };
}

describe('createSessionRefresher', () => {
  it('keeps a sign-in that finished while the page-load refresh was out, when that refresh is refused', async () => {
    const { store, held, ended, refresher } = setup();
    const pageLoad = refresher.refresh();
    store.getState().signIn(user('Amel'), 'from-login');
    held.release(refused('REFRESH_TOKEN_INVALID'));
    expect(await pageLoad).toBe('from-login');
    expect(ended).toEqual([]);
    expect(store.getState()).toMatchObject({ status: 'signedIn', accessToken: 'from-login' });
  });

  it('keeps the newer sign-in when the older refresh brings back a session', async () => {
    const { store, held, refresher } = setup();
    const pageLoad = refresher.refresh();
    store.getState().signIn(user('Amel'), 'from-login');
    held.release({ kind: 'session', session: { user: user('Old'), accessToken: 'from-cookie' } });
    expect(await pageLoad).toBe('from-login');
    expect(store.getState().user?.name).toBe('Amel');
  });

  it('signs the user out when the refresh made for their own session is refused', async () => {
    const { store, held, ended, refresher } = setup();
    store.getState().signIn(user('Amel'), 'expired');
    const pending = refresher.refresh();
    held.release(refused('REFRESH_TOKEN_REUSED'));
    expect(await pending).toBeNull();
    expect(ended).toEqual(['REFRESH_TOKEN_REUSED']);
    expect(store.getState()).toMatchObject({ status: 'signedOut', endedReason: 'REFRESH_TOKEN_REUSED' });
  });

  it('after a reload: a session from the cookie signs in, no cookie signs out without a reason', async () => {
    const first = setup();
    const restored = first.refresher.refresh();
    first.held.release({ kind: 'session', session: { user: user('Amel'), accessToken: 'fresh' } });
    expect(await restored).toBe('fresh');
    expect(first.store.getState().status).toBe('signedIn');

    const second = setup();
    const none = second.refresher.refresh();
    second.held.release(refused('REFRESH_TOKEN_INVALID'));
    expect(await none).toBeNull();
    expect(second.ended).toEqual([null]);
    expect(second.store.getState()).toMatchObject({ status: 'signedOut', endedReason: null });
  });

  it('shares one refresh between callers that ask while it is out', async () => {
    const { held, refresher } = setup();
    const a = refresher.refresh();
    const b = refresher.refresh();
    held.release({ kind: 'session', session: { user: user('Amel'), accessToken: 'fresh' } });
    expect(await Promise.all([a, b])).toEqual(['fresh', 'fresh']);
    expect(held.calls()).toBe(1);
  });
});
