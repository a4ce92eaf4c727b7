import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, readBody, StandInFaultSwitch } from '../stand-in-http';

export interface StandInMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  createdAt: string;
}

export interface TwilioStandIn {
  url: string;
  messages: StandInMessage[];
  /** Messages sent to one number, newest last. */
  messagesTo(phone: string): StandInMessage[];
  /** Off unless set: makes the stand-in answer 5xx or hang (POST /__stand-in/fault does the same). */
  faults: StandInFaultSwitch;
  close(): Promise<void>;
}

/**
 * A loopback server that speaks the part of Twilio's HTTP API Truck4u uses, so dev and tests send real
 * HTTP without the internet. Sent messages can be read back at GET /__stand-in/messages?to=+216...
 */
export async function startTwilioStandIn(options: {
  accountSid: string;
  authToken: string;
  port?: number;
  host?: string;
}): Promise<TwilioStandIn> {
  const messages: StandInMessage[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const sendPath = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
  const faults = new StandInFaultSwitch();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() =>
      json(res, 500, { code: 20500, message: 'Internal error', status: 500 }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await faults.intercept(req, res, { code: 20500, message: 'Internal error (fault)', status: 500 }))
      return;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/__stand-in/messages') {
      const to = url.searchParams.get('to');
      return json(res, 200, { messages: to ? messages.filter((m) => m.to === to) : messages });
    }
    if (req.method === 'POST' && url.pathname === sendPath) {
      if (req.headers.authorization !== expectedAuth) {
        return json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const form = new URLSearchParams(await readBody(req));
      const to = form.get('To');
      const from = form.get('From');
      const body = form.get('Body');
      if (!to || !from || !body) {
        return json(res, 400, {
          code: 21604,
          message: "A 'To', 'From' and 'Body' are required",
          status: 400,
        });
      }
      const message = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to,
        from,
        body,
        createdAt: new Date().toISOString(),
      };
      messages.push(message);
      return json(res, 201, {
        ...message,
        status: 'queued',
        account_sid: options.accountSid,
        num_segments: '1',
      });
    }
    return json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    messagesTo: (phone) => messages.filter((m) => m.to === phone),
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        // A call held by a hang would otherwise keep the server open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
