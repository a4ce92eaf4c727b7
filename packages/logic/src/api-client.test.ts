import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from './api-client';
import { ApiError } from './api-error';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
const expired = () => json(401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } });

/** A fake api: answers 401 TOKEN_EXPIRED to the old token, 200 to the new one, and records every call. */
function fakeApi() {
  const calls: Array<{ url: string; auth: string | null; key: string | null }> = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({
      url: String(url),
      auth: headers.authorization ?? null,
      key: headers['idempotency-key'] ?? null,
    });
    if (headers.authorization !== 'Bearer new') return expired();
    return json(200, { ok: String(url) });
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

describe('createApiClient', () => {
  it('refreshes once for every call that hit an expired token at the same time, then retries each', async () => {
    const api = fakeApi();
    let token = 'old';
    let refreshes = 0;
    const client = createApiClient({
      baseUrl: 'http://api',
      fetch: api.fetch,
      getAccessToken: () => token,
      refreshAccessToken: async () => {
        refreshes += 1;
        await new Promise((r) => setTimeout(r, 20));
        token = 'new';
        return token;
      },
    });
    const results = await Promise.all([client.me(), client.wallet.get(), client.rides.get('r1')]);
    expect(refreshes).toBe(1);
    expect(results).toEqual([
      { ok: 'http://api/api/me' },
      { ok: 'http://api/api/wallet' },
      { ok: 'http://api/api/rides/r1' },
    ]);
    expect(api.calls.filter((c) => c.auth === 'Bearer new')).toHaveLength(3);
  });

  it('refreshes again for a later expiry (the single flight ends when its refresh ends)', async () => {
    const api = fakeApi();
    let token = 'old';
    let refreshes = 0;
    const client = createApiClient({
      baseUrl: '',
      fetch: api.fetch,
      getAccessToken: () => token,
      refreshAccessToken: async () => {
        refreshes += 1;
        token = 'new';
        return token;
      },
    });
    await client.me();
    token = 'old';
    await client.me();
    expect(refreshes).toBe(2);
  });

  it('ends the session when the refresh is refused, and rejects with the typed error', async () => {
    const api = fakeApi();
    const ended = vi.fn();
    const client = createApiClient({
      baseUrl: '',
      fetch: api.fetch,
      getAccessToken: () => 'old',
      refreshAccessToken: async () => null,
      onSessionEnded: ended,
    });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('TOKEN_EXPIRED');
    expect(ended).toHaveBeenCalledWith('TOKEN_EXPIRED');
  });

  it('ends the session at once on a revoked token, without trying to refresh', async () => {
    const refresh = vi.fn(async () => 'new');
    const ended = vi.fn();
    const client = createApiClient({
      baseUrl: '',
      fetch: (async () =>
        json(401, { error: { code: 'USER_TOKENS_REVOKED', message: 'cut off' } })) as typeof fetch,
      getAccessToken: () => 'old',
      refreshAccessToken: refresh,
      onSessionEnded: ended,
    });
    await expect(client.me()).rejects.toMatchObject({ code: 'USER_TOKENS_REVOKED', status: 401 });
    expect(refresh).not.toHaveBeenCalled();
    expect(ended).toHaveBeenCalledWith('USER_TOKENS_REVOKED');
  });

  it('sends the same Idempotency-Key on the retry after a refresh', async () => {
    const api = fakeApi();
    let token = 'old';
    const client = createApiClient({
      baseUrl: '',
      fetch: api.fetch,
      getAccessToken: () => token,
      refreshAccessToken: async () => {
        token = 'new';
        return token;
      },
    });
    await client.payments.create('2b1f9c1e-5c43-4a5e-9d59-1f7a3c2b8e10', 'CASH', 'key-of-this-press');
    expect(api.calls.map((c) => c.key)).toEqual(['key-of-this-press', 'key-of-this-press']);
  });

  it('turns an error envelope into an ApiError with code, details and status', async () => {
    const client = createApiClient({
      baseUrl: '',
      fetch: (async () =>
        json(400, {
          error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'body.phone' }] },
        })) as typeof fetch,
      getAccessToken: () => null,
      refreshAccessToken: async () => null,
    });
    await expect(client.auth.login({ role: 'customer', phone: 'x', password: 'y' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'body.phone' }],
    });
  });

  it('reports an unreachable api as NETWORK_ERROR', async () => {
    const client = createApiClient({
      baseUrl: '',
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
      getAccessToken: () => null,
      refreshAccessToken: async () => null,
    });
    await expect(client.me()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('prices the stops: each one goes to the estimate as its own stop parameter, in order', async () => {
    const urls: string[] = [];
    const client = createApiClient({
      baseUrl: 'http://api',
      fetch: (async (url: string | URL | Request) => {
        urls.push(String(url));
        return json(200, { amount: 1 });
      }) as typeof globalThis.fetch,
      getAccessToken: () => null,
      refreshAccessToken: async () => null,
    });
    await client.pricing.estimate({
      pickup: { lat: 36.8, lng: 10.18 },
      dropoff: { lat: 36.87, lng: 10.32 },
      vehicleType: 'SMALL_VAN',
      stops: [
        { lat: 36.81, lng: 10.2 },
        { lat: 36.84, lng: 10.25 },
      ],
    });
    await client.pricing.estimate({
      pickup: { lat: 36.8, lng: 10.18 },
      dropoff: { lat: 36.87, lng: 10.32 },
      vehicleType: 'SMALL_VAN',
    });
    const [withStops, without] = urls.map((u) => new URL(u).searchParams);
    expect(withStops?.getAll('stop')).toEqual(['36.81,10.2', '36.84,10.25']);
    expect(without?.has('stop')).toBe(false);
  });
});
