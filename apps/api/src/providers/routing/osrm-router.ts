import type { LatLng } from '@truck4u/contracts';
import type { Logger } from '../../infra/logger';
import type { EstimateRouter } from './estimate-router';
import type { RouteLeg, Router } from './router';

export interface OsrmRouterOptions {
  /** e.g. http://router.internal:5000 — the service answering /route/v1/driving/... */
  baseUrl: string;
  timeoutMs: number;
}

interface OsrmResponse {
  code?: string;
  routes?: { distance?: number; duration?: number }[];
}

/**
 * An OSRM-compatible HTTP router (`GET /route/v1/driving/{lng,lat;...}?overview=false`, OSRM, Valhalla's
 * OSRM mode, GraphHopper's shim). An ETA is a convenience: on any error, timeout or odd answer it falls back
 * to the estimate, so a router outage never stops positions or the tracking page.
 */
export class OsrmRouter implements Router {
  constructor(
    private readonly options: OsrmRouterOptions,
    private readonly fallback: EstimateRouter,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async route(points: readonly LatLng[]): Promise<RouteLeg> {
    if (points.length < 2) return this.fallback.routeNow(points);
    // OSRM wants longitude first; 6 decimals is ~10 cm, and keeps the URL short.
    const coordinates = points.map((p) => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
    const url = new URL(`/route/v1/driving/${coordinates}`, this.options.baseUrl);
    url.searchParams.set('overview', 'false');
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const body = (await response.json().catch(() => null)) as OsrmResponse | null;
      const best = body?.routes?.[0];
      if (
        !response.ok ||
        body?.code !== 'Ok' ||
        typeof best?.distance !== 'number' ||
        typeof best.duration !== 'number'
      ) {
        throw new Error(`router answered ${response.status} ${body?.code ?? 'without a route'}`);
      }
      return {
        distanceMeters: Math.round(best.distance),
        durationSeconds: Math.round(best.duration),
        source: 'router',
      };
    } catch (error) {
      this.log.warn({ err: error }, 'router unavailable; using the straight-line estimate');
      return this.fallback.routeNow(points);
    }
  }
}
