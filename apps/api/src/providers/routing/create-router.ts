import type { Logger } from '../../infra/logger';
import { EstimateRouter } from './estimate-router';
import { OsrmRouter } from './osrm-router';
import type { Router } from './router';

export interface RouterConfig {
  /** ROUTER_URL; unset, routes are estimated offline. */
  url: string | undefined;
  timeoutMs: number;
  averageSpeedKmh: number;
  roadFactorPermille: number;
}

export function createRouter(config: RouterConfig, log: Pick<Logger, 'warn'>): Router {
  const estimate = new EstimateRouter(config.roadFactorPermille, config.averageSpeedKmh);
  if (!config.url) return estimate;
  return new OsrmRouter({ baseUrl: config.url, timeoutMs: config.timeoutMs }, estimate, log);
}
