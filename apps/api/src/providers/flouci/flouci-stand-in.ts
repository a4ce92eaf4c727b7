import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, readBody, StandInFaultSwitch } from '../stand-in-http';
import type { FlouciPaymentStatus } from './flouci-gateway';

export interface StandInFlouciPayment {
  id: string;
  amount: number;
  trackingId: string;
  successLink: string;
  failLink: string;
  webhookUrl: string | null;
  status: FlouciPaymentStatus;
  createdAt: string;
}

export interface FlouciStandIn {
  url: string;
  payments: Map<string, StandInFlouciPayment>;
  /** The payment Flouci created last, e.g. the one a request just made. */
  lastPayment(): StandInFlouciPayment | undefined;
  /** The customer pays on the hosted page (as the "Pay" button does); the webhook is sent if enabled. */
  pay(id: string): Promise<void>;
  /** The customer gives up on the hosted page; Flouci reports FAILURE. */
  fail(id: string): Promise<void>;
  /** Makes Flouci's own record disagree with ours, to test that verification catches it. */
  tamper(id: string, changes: Partial<Pick<StandInFlouciPayment, 'amount' | 'trackingId' | 'status'>>): void;
  /** Off unless set: makes the stand-in's API answer 5xx or hang (POST /__stand-in/fault does the same). */
  faults: StandInFaultSwitch;
  close(): Promise<void>;
}

/**
 * A loopback server speaking the part of Flouci's developer API that Truck4u uses (generate_payment,
 * verify_payment) plus a hosted "pay" page, so dev and tests make real HTTP calls without the internet.
 * Paying on the page (or with `pay(id)`) marks the payment SUCCESS, posts `{ payment_id }` to the
 * webhook given at creation (unless `deliverWebhooks` is false) and redirects to the success link.
 */
export async function startFlouciStandIn(options: {
  appToken: string;
  appSecret: string;
  port?: number;
  host?: string;
  deliverWebhooks?: boolean;
}): Promise<FlouciStandIn> {
  const payments = new Map<string, StandInFlouciPayment>();
  const deliverWebhooks = options.deliverWebhooks ?? true;
  const faults = new StandInFaultSwitch();
  let url = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() =>
      json(res, 500, { success: false, code: 500, message: 'Internal error' }),
    );
  });

  async function settle(id: string, status: 'SUCCESS' | 'FAILURE'): Promise<StandInFlouciPayment> {
    const payment = payments.get(id);
    if (!payment) throw new Error(`stand-in: no Flouci payment ${id}`);
    if (payment.status === 'PENDING') payment.status = status;
    if (deliverWebhooks && payment.webhookUrl) {
      // Flouci does not wait for the merchant; a lost webhook is recovered by verifying later.
      await fetch(payment.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payment_id: id }),
        signal: AbortSignal.timeout(2_000),
      }).catch(() => {});
    }
    return payment;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await faults.intercept(req, res, { success: false, code: 500, message: 'Internal error (fault)' }))
      return;
    const requestUrl = new URL(req.url ?? '/', 'http://stand-in');
    const path = requestUrl.pathname;

    if (req.method === 'POST' && path === '/api/generate_payment') {
      const body = parseJson(await readBody(req));
      if (body?.app_token !== options.appToken || body?.app_secret !== options.appSecret) {
        return json(res, 401, {
          result: { success: false, message: 'Invalid app_token or app_secret' },
          code: 1,
        });
      }
      const amount = Number(body.amount);
      const { success_link, fail_link, developer_tracking_id, webhook } = body;
      if (
        !Number.isSafeInteger(amount) ||
        amount <= 0 ||
        typeof success_link !== 'string' ||
        typeof fail_link !== 'string' ||
        typeof developer_tracking_id !== 'string'
      ) {
        return json(res, 400, { result: { success: false, message: 'Invalid payment request' }, code: 2 });
      }
      const id = randomBytes(12).toString('hex');
      payments.set(id, {
        id,
        amount,
        trackingId: developer_tracking_id,
        successLink: success_link,
        failLink: fail_link,
        webhookUrl: typeof webhook === 'string' ? webhook : null,
        status: 'PENDING',
        createdAt: new Date().toISOString(),
      });
      return json(res, 200, {
        result: { success: true, payment_id: id, developer_tracking_id, link: `${url}/pay/${id}` },
        code: 0,
        name: 'developers',
        version: 'stand-in',
      });
    }

    const verify = /^\/api\/verify_payment\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && verify) {
      if (req.headers.apppublic !== options.appToken || req.headers.appsecret !== options.appSecret) {
        return json(res, 401, { success: false, code: 1, message: 'Invalid apppublic or appsecret' });
      }
      const payment = payments.get(decodeURIComponent(verify[1] ?? ''));
      if (!payment) return json(res, 404, { success: false, code: 4, message: 'Payment not found' });
      return json(res, 200, {
        success: true,
        code: 0,
        result: {
          _id: payment.id,
          amount: payment.amount,
          status: payment.status,
          developer_tracking_id: payment.trackingId,
          type: 'flouci',
          details: { created_at: payment.createdAt },
        },
      });
    }

    const page = /^\/pay\/([^/]+)(\/confirm|\/cancel)?$/.exec(path);
    const pagePayment = page ? payments.get(page[1] ?? '') : undefined;
    if (page && !pagePayment) return html(res, 404, '<h1>Unknown payment</h1>');
    if (page && pagePayment && req.method === 'GET' && !page[2]) {
      const tnd = (pagePayment.amount / 1000).toFixed(3);
      return html(
        res,
        200,
        `<h1>Flouci stand-in</h1><p>Pay <strong>${tnd} TND</strong> (status ${pagePayment.status})</p>
<form method="post" action="/pay/${pagePayment.id}/confirm"><button>Pay</button></form>
<form method="post" action="/pay/${pagePayment.id}/cancel"><button>Cancel</button></form>`,
      );
    }
    if (page && pagePayment && req.method === 'POST' && page[2]) {
      const paid = page[2] === '/confirm';
      const payment = await settle(pagePayment.id, paid ? 'SUCCESS' : 'FAILURE');
      const target = new URL(paid ? payment.successLink : payment.failLink);
      target.searchParams.set('payment_id', payment.id);
      res.writeHead(303, { location: target.toString() });
      res.end();
      return;
    }

    if (req.method === 'GET' && path === '/__stand-in/payments') {
      return json(res, 200, { payments: [...payments.values()] });
    }
    return json(res, 404, { success: false, code: 404, message: 'Not found' });
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    payments,
    lastPayment: () => [...payments.values()].at(-1),
    pay: async (id) => {
      await settle(id, 'SUCCESS');
    },
    fail: async (id) => {
      await settle(id, 'FAILURE');
    },
    faults,
    tamper: (id, changes) => {
      const payment = payments.get(id);
      if (!payment) throw new Error(`stand-in: no Flouci payment ${id}`);
      Object.assign(payment, changes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Flouci stand-in</title>${body}`);
}
