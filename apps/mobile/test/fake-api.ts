// The api at the HTTP boundary, for screen tests: each route answers contract-shaped JSON and every call is
// recorded, so a test asserts what the screen sent as well as what it shows.
export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: Call) => { status?: number; body?: unknown };

export function createFakeApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const call: Call = {
      method,
      path: url.pathname,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const handler = Object.entries(routes).find(([key]) => {
      const [m, pattern = ''] = key.split(' ');
      return m === method && new RegExp(`^${pattern}$`).test(url.pathname);
    })?.[1];
    const answer = handler
      ? handler(call)
      : { status: 404, body: { error: { code: 'NOT_FOUND', message: `${method} ${url.pathname}` } } };
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: String(status),
      headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
      json: async () => JSON.parse(text),
      text: async () => text,
    } as unknown as Response;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}
