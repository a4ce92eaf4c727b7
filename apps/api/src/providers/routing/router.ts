import type { LatLng } from '@truck4u/contracts';

/** Road distance and driving time along points visited in order. */
export interface RouteLeg {
  distanceMeters: number;
  durationSeconds: number;
  /** `router`: a road router answered; `estimate`: straight line × the tariff's road factor at an average speed. */
  source: 'router' | 'estimate';
}

/**
 * Routes for live ETAs. The api only ever talks to this interface: EstimateRouter by default, OsrmRouter
 * (falling back to the estimate) when ROUTER_URL names an OSRM-compatible service.
 */
export interface Router {
  /** At least two points; fewer answer a zero-length route. Never throws for a router outage. */
  route(points: readonly LatLng[]): Promise<RouteLeg>;
}
