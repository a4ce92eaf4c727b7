import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP pieces shared by the loopback provider stand-ins (SMS, Flouci, push). */

const MAX_BODY_BYTES = 64 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A provider outage a stand-in plays: answer every call with a 5xx, or hold every call before answering. */
export type StandInFault =
  | { mode: 'none' }
  | { mode: 'error'; status: number }
  | { mode: 'hang'; ms: number };

const FAULT_PATH = '/__stand-in/fault';

/**
 * The stand-ins' fault switch, for runs that test what the api does when a provider misbehaves (the chaos
 * run, docs/CHAOS.md). Off by default, so a stand-in behaves as before until told otherwise, in process with
 * `set()` or over HTTP: `POST /__stand-in/fault` with `{"mode":"error","status":503}`, `{"mode":"hang","ms":8000}`
 * or `{"mode":"none"}`. The stand-in's own `/__stand-in/*` reads keep answering, so a run can still look.
 */
export class StandInFaultSwitch {
  #fault: StandInFault = { mode: 'none' };
  #released: (() => void)[] = [];

  get current(): StandInFault {
    return this.#fault;
  }

  set(fault: StandInFault): void {
    this.#fault = fault;
    // Calls held by a hang go through once it is lifted (a slow provider, not one that forgets).
    if (fault.mode !== 'hang') for (const release of this.#released.splice(0)) release();
  }

  /**
   * Call first in a stand-in's handler: true when the fault answered the request itself (the fault endpoint,
   * or a 5xx); a hang waits here, then lets the call through.
   */
  async intercept(req: IncomingMessage, res: ServerResponse, errorBody: unknown): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    if (path === FAULT_PATH && req.method === 'POST') {
      const fault = parseFault(await readBody(req));
      if (!fault) {
        json(res, 400, { message: 'expected {"mode":"none"|"error"|"hang", "status"?, "ms"?}' });
        return true;
      }
      this.set(fault);
      json(res, 200, { fault });
      return true;
    }
    if (path === FAULT_PATH && req.method === 'GET') {
      json(res, 200, { fault: this.#fault });
      return true;
    }
    if (path.startsWith('/__stand-in/')) return false;
    const fault = this.#fault;
    if (fault.mode === 'error') {
      json(res, fault.status, errorBody);
      return true;
    }
    if (fault.mode === 'hang') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.ms);
        this.#released.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return false;
  }
}

function parseFault(text: string): StandInFault | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const { mode, status, ms } = body as Record<string, unknown>;
  if (mode === 'none') return { mode };
  if (mode === 'error' && Number.isInteger(status) && Number(status) >= 500 && Number(status) <= 599)
    return { mode, status: Number(status) };
  if (mode === 'hang' && Number.isInteger(ms) && Number(ms) > 0 && Number(ms) <= 600_000)
    return { mode, ms: Number(ms) };
  return null;
}
