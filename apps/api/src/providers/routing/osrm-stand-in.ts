import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LatLng, pathMeters } from '@truck4u/contracts';
import { json } from '../stand-in-http';

export interface OsrmStandIn {
  url: string;
  /** Every route asked for, oldest first, as [lat, lng] points. */
  requests: LatLng[][];
  /** From now on, answer 503 (`true`) or hang past any timeout (`'hang'`); `false` serves again. */
  fail(mode: boolean | 'hang'): void;
  close(): Promise<void>;
}

/** What the stand-in's roads are: a little longer than the tariff's ×1.3, at 40 km/h, so tests can tell them apart. */
export const STAND_IN_ROAD_FACTOR = 1.4;
export const STAND_IN_SPEED_KMH = 40;

const COORDINATES = /^\/route\/v1\/driving\/([-0-9.,;]+)$/;

/**
 * A loopback server speaking the part of OSRM's HTTP API Truck4u uses (`GET /route/v1/driving/{lng,lat;...}`),
 * so tests exercise the real HTTP router and its fallback without the internet.
 */
export async function startOsrmStandIn(options: { port?: number; host?: string } = {}): Promise<OsrmStandIn> {
  const requests: LatLng[][] = [];
  let failing: boolean | 'hang' = false;
  const server: Server = createServer((req, res) => handle(req, res));

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = req.method === 'GET' ? COORDINATES.exec(url.pathname) : null;
    if (!match?.[1]) {
      json(res, 404, { code: 'InvalidUrl', message: 'Not found' });
      return;
    }
    const points = match[1].split(';').map((pair) => {
      const [lng, lat] = pair.split(',').map(Number);
      return { lat: lat ?? Number.NaN, lng: lng ?? Number.NaN };
    });
    if (points.length < 2 || points.some((p) => Number.isNaN(p.lat) || Number.isNaN(p.lng))) {
      json(res, 400, { code: 'InvalidQuery', message: 'Query string malformed' });
      return;
    }
    requests.push(points);
    if (failing === 'hang') return; // never answers: the client's timeout must fire
    if (failing) {
      json(res, 503, { code: 'Unavailable', message: 'router down' });
      return;
    }
    const distance = pathMeters(points) * STAND_IN_ROAD_FACTOR;
    json(res, 200, {
      code: 'Ok',
      routes: [{ distance, duration: distance / ((STAND_IN_SPEED_KMH * 1000) / 3600), legs: [] }],
      waypoints: points.map((p) => ({ location: [p.lng, p.lat] })),
    });
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: (mode) => {
      failing = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
