import { type LatLng, pathMeters } from '@truck4u/contracts';
import type { RouteLeg, Router } from './router';

/**
 * The offline router: straight line leg by leg × the road factor the price estimate uses (so a ride's
 * `routeDistanceMeters` and its live distance left are on one basis), driven at an average speed.
 */
export class EstimateRouter implements Router {
  constructor(
    /** The pricing table's roadFactorPermille (1300 = ×1.3). */
    private readonly roadFactorPermille: number,
    private readonly averageSpeedKmh: number,
  ) {}

  route(points: readonly LatLng[]): Promise<RouteLeg> {
    return Promise.resolve(this.routeNow(points));
  }

  routeNow(points: readonly LatLng[]): RouteLeg {
    const distanceMeters = Math.round((pathMeters(points) * this.roadFactorPermille) / 1000);
    const durationSeconds = Math.round(distanceMeters / ((this.averageSpeedKmh * 1000) / 3600));
    return { distanceMeters, durationSeconds, source: 'estimate' };
  }
}
