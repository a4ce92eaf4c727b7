import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, readBody, StandInFaultSwitch } from '../stand-in-http';

export interface StandInPush {
  id: string;
  to: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  receivedAt: string;
}

export interface ExpoPushStandIn {
  url: string;
  /** Every notification accepted, oldest first. */
  pushes: StandInPush[];
  /** Notifications sent to one token, oldest first. */
  pushesTo(token: string): StandInPush[];
  /** The device behind the token is gone (app uninstalled): Expo answers DeviceNotRegistered from now on. */
  unregister(token: string): void;
  /** Off unless set: makes the stand-in answer 5xx or hang (POST /__stand-in/fault does the same). */
  faults: StandInFaultSwitch;
  close(): Promise<void>;
}

const EXPO_TOKEN = /^Expo(nent)?PushToken\[[^\]]+\]$/;

/**
 * A loopback server speaking the part of Expo's push API Truck4u uses (POST /--/api/v2/push/send), so dev and
 * tests send real HTTP without the internet. Accepted notifications can be read back at GET /__stand-in/pushes.
 */
export async function startExpoPushStandIn(
  options: { accessToken?: string | undefined; port?: number; host?: string } = {},
): Promise<ExpoPushStandIn> {
  const pushes: StandInPush[] = [];
  const gone = new Set<string>();
  const faults = new StandInFaultSwitch();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() =>
      json(res, 500, { errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' }] }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const faultBody = { errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error (fault)' }] };
    if (await faults.intercept(req, res, faultBody)) return;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/__stand-in/pushes') {
      const to = url.searchParams.get('to');
      return json(res, 200, { pushes: to ? pushes.filter((p) => p.to === to) : pushes });
    }
    if (req.method === 'POST' && url.pathname === '/--/api/v2/push/send') {
      if (options.accessToken && req.headers.authorization !== `Bearer ${options.accessToken}`) {
        return json(res, 401, {
          errors: [{ code: 'UNAUTHORIZED', message: 'The access token is missing or invalid' }],
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req));
      } catch {
        return json(res, 400, { errors: [{ code: 'VALIDATION_ERROR', message: 'Body is not JSON' }] });
      }
      const messages = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
      if (messages.length > 100) {
        return json(res, 400, {
          errors: [{ code: 'PUSH_TOO_MANY_NOTIFICATIONS', message: 'At most 100 notifications per request' }],
        });
      }
      const data = messages.map((m) => {
        const to = typeof m.to === 'string' ? m.to : '';
        if (!EXPO_TOKEN.test(to) || gone.has(to)) {
          return {
            status: 'error',
            message: `"${to}" is not a registered push notification recipient`,
            details: { error: 'DeviceNotRegistered', expoPushToken: to },
          };
        }
        const push: StandInPush = {
          id: randomBytes(16).toString('hex'),
          to,
          title: String(m.title ?? ''),
          body: String(m.body ?? ''),
          data: m.data && typeof m.data === 'object' ? (m.data as Record<string, unknown>) : {},
          receivedAt: new Date().toISOString(),
        };
        pushes.push(push);
        return { status: 'ok', id: push.id };
      });
      return json(res, 200, { data });
    }
    return json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'Not found' }] });
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pushes,
    pushesTo: (token) => pushes.filter((p) => p.to === token),
    unregister: (token) => {
      gone.add(token);
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
