/** Settings read from the web server's environment at request time (never baked into the build). */
export interface RuntimeConfig {
  /** Map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: a plain map (offline, tests). */
  tileUrl: string;
  tileAttribution: string;
  /** The api's cancellation rule, shown before a customer confirms a cancellation. */
  cancellationFeeMillimes: number;
  cancellationGraceMinutes: number;
}

export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const number = (value: string | undefined, fallback: number) => {
    const parsed = Number(value);
    return Number.isFinite(parsed) && value !== undefined && value !== '' ? parsed : fallback;
  };
  return {
    tileUrl: env.TILE_URL ?? '',
    tileAttribution: env.TILE_ATTRIBUTION ?? '© OpenStreetMap contributors',
    cancellationFeeMillimes: number(env.CANCELLATION_FEE_MILLIMES, 5_000),
    cancellationGraceMinutes: Math.round(number(env.CANCELLATION_GRACE_MS, 300_000) / 60_000),
  };
}

/** Where the api is, for the route handlers (server.mjs proxies the browser's /api and /socket.io there). */
export function apiUrl(): string {
  return (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
}
