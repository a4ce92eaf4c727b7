import { pathMeters } from '@truck4u/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EstimateRouter } from './estimate-router';
import { OsrmRouter } from './osrm-router';
import { type OsrmStandIn, STAND_IN_ROAD_FACTOR, startOsrmStandIn } from './osrm-stand-in';

const TUNIS = { lat: 36.8008, lng: 10.18 };
const HAMMAMET = { lat: 36.4, lng: 10.6167 };
const SOUSSE = { lat: 35.8256, lng: 10.6411 };

let standIn: OsrmStandIn;
const warnings: unknown[] = [];
const log = { warn: (...args: unknown[]) => warnings.push(args) };
const estimate = new EstimateRouter(1300, 40);

beforeAll(async () => {
  standIn = await startOsrmStandIn();
});
afterAll(async () => {
  await standIn?.close();
});

describe('OsrmRouter', () => {
  it('asks the router for the whole route, longitude first, and takes its distance and duration', async () => {
    standIn.fail(false);
    const router = new OsrmRouter({ baseUrl: standIn.url, timeoutMs: 1_000 }, estimate, log);
    const leg = await router.route([TUNIS, HAMMAMET, SOUSSE]);
    expect(leg.source).toBe('router');
    expect(leg.distanceMeters).toBe(Math.round(pathMeters([TUNIS, HAMMAMET, SOUSSE]) * STAND_IN_ROAD_FACTOR));
    // 40 km/h in the stand-in: 9 s per 100 m.
    expect(leg.durationSeconds).toBe(Math.round(leg.distanceMeters / (40_000 / 3600)));
    const asked = standIn.requests.at(-1);
    expect(asked?.map((p) => [Number(p.lat.toFixed(4)), Number(p.lng.toFixed(4))])).toEqual([
      [36.8008, 10.18],
      [36.4, 10.6167],
      [35.8256, 10.6411],
    ]);
  });

  it('falls back to the straight-line estimate when the router fails', async () => {
    standIn.fail(true);
    const router = new OsrmRouter({ baseUrl: standIn.url, timeoutMs: 1_000 }, estimate, log);
    const leg = await router.route([TUNIS, SOUSSE]);
    expect(leg).toEqual(estimate.routeNow([TUNIS, SOUSSE]));
    expect(leg.source).toBe('estimate');
    standIn.fail(false);
  });

  it('falls back to the estimate when the router does not answer in time', async () => {
    standIn.fail('hang');
    const router = new OsrmRouter({ baseUrl: standIn.url, timeoutMs: 150 }, estimate, log);
    const started = Date.now();
    const leg = await router.route([TUNIS, SOUSSE]);
    expect(leg.source).toBe('estimate');
    expect(Date.now() - started).toBeLessThan(1_500);
    standIn.fail(false);
  });

  it('falls back when nothing listens at the router address', async () => {
    const router = new OsrmRouter({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 }, estimate, log);
    expect((await router.route([TUNIS, SOUSSE])).source).toBe('estimate');
  });
});

describe('EstimateRouter', () => {
  it('is the straight line times the tariff road factor, at the average speed', () => {
    const leg = estimate.routeNow([TUNIS, SOUSSE]);
    expect(leg.distanceMeters).toBe(Math.round((pathMeters([TUNIS, SOUSSE]) * 1300) / 1000));
    expect(leg.durationSeconds).toBe(Math.round(leg.distanceMeters / (40_000 / 3600)));
  });
});
