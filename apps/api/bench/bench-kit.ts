import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientToServerEvents, Role, ServerToClientEvents, VehicleType } from '@truck4u/contracts';
import { createDatabase, type DatabaseHandle, rides } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { type Config, loadConfig } from '../src/config/config';
import { createCommandRedis } from '../src/infra/redis';
import { AccessTokens } from '../src/modules/auth/access-token';
import { hashPassword } from '../src/modules/auth/password-hasher';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What every benchmark needs: the running system's configuration (the same environment variables as the api
 * and worker), direct database and Redis access to prepare data in bulk, and tokens signed with the
 * deployment's key so that preparing 10,000 drivers does not cost 10,000 password hashes.
 */
export interface BenchKit {
  config: Config;
  apiUrl: string;
  api2Url: string | null;
  /** The process id of the api at apiUrl (BENCH_API_PID), to report its CPU time per request. */
  apiPid: number | null;
  database: DatabaseHandle;
  redis: Redis;
  tokenFor(role: Role, userId: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBenchKit(): Promise<BenchKit> {
  const config = loadConfig();
  const database = createDatabase({
    url: config.database.url,
    maxConnections: 4,
    applicationName: 'truck4u-bench',
  });
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 10_000 });
  const tokens = new AccessTokens(config.tokens);
  return {
    config,
    apiUrl: process.env.BENCH_API_URL ?? `http://127.0.0.1:${config.http.port}`,
    api2Url: process.env.BENCH_API2_URL ?? null,
    apiPid: process.env.BENCH_API_PID ? Number(process.env.BENCH_API_PID) : null,
    database,
    redis,
    async tokenFor(role, userId) {
      return (await tokens.sign({ id: userId, role }, randomUUID())).token;
    },
    async close() {
      await database.close();
      redis.disconnect();
    },
  };
}

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, µs) a process has used so far, from /proc; null when it cannot be read. */
export function processCpuMicros(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** Starts counting a process's CPU time; `perRequest(n)` is the µs it used per request since. */
export function cpuMeter(pid: number | null | undefined) {
  const start = processCpuMicros(pid);
  return {
    perRequest(requests: number): string {
      const end = processCpuMicros(pid);
      if (start === null || end === null || requests === 0) return 'n/a';
      return `${Math.round((end - start) / requests)} µs`;
    },
  };
}

export function percentiles(samples: number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

export function formatMs(stats: ReturnType<typeof percentiles>): string {
  const f = (v: number) => `${v.toFixed(1)} ms`;
  return `n=${stats.n} p50=${f(stats.p50)} p95=${f(stats.p95)} p99=${f(stats.p99)} max=${f(stats.max)}`;
}

/** A random point within `radiusKm` of `center` (uniform over the disc, flat-earth approximation). */
export function randomPointNear(center: { lat: number; lng: number }, radiusKm: number) {
  const r = radiusKm * Math.sqrt(Math.random());
  const angle = Math.random() * 2 * Math.PI;
  const dLat = (r * Math.cos(angle)) / 111.2;
  const dLng = (r * Math.sin(angle)) / (111.2 * Math.cos((center.lat * Math.PI) / 180));
  return { lat: center.lat + dLat, lng: center.lng + dLng };
}

let benchPasswordHash: string | null = null;

// Rows per statement: 200,000 drivers in one would hold every returned id and the whole insert in one go.
const DRIVERS_PER_STATEMENT = 20_000;
// Commands per pipeline when placing drivers: large enough that 200,000 take seconds, small enough that
// Redis never holds a huge reply.
const POSITIONS_PER_PIPELINE = 5_000;

/**
 * Upserts `count` verified, online bench drivers (phones +2169xxxxxxx from `firstNumber`) of one vehicle type
 * and returns their ids. One statement per 20,000 drivers, so 200,000 take seconds, not an hour.
 */
export async function upsertBenchDrivers(
  kit: BenchKit,
  options: { count: number; firstNumber: number; vehicleType: VehicleType },
): Promise<string[]> {
  benchPasswordHash ??= await hashPassword('bench-driver-password');
  const ids: string[] = [];
  for (let from = 0; from < options.count; from += DRIVERS_PER_STATEMENT) {
    const to = Math.min(options.count, from + DRIVERS_PER_STATEMENT) - 1;
    const result = await kit.database.db.execute<{ id: string }>(sql`
      INSERT INTO drivers (phone, name, password_hash, vehicle_type, vehicle_plate, vehicle_capacity_kg,
                           verification_status, is_online)
      SELECT '+2169' || lpad((${options.firstNumber}::int + g)::text, 7, '0'), 'Bench driver ' || g,
             ${benchPasswordHash}, ${options.vehicleType}, 'BENCH ' || g, 1500, 'VERIFIED', true
      FROM generate_series(${from}::int, ${to}::int) AS g
      ON CONFLICT (phone) DO UPDATE SET is_online = true, is_deactivated = false, verification_status = 'VERIFIED',
                                        vehicle_type = EXCLUDED.vehicle_type
      RETURNING id`);
    for (const row of result.rows) ids.push(row.id);
  }
  return ids;
}

/** Puts drivers into the live GEO index as a driver app would, all with a fresh timestamp. */
export async function placeDrivers(
  kit: BenchKit,
  vehicleType: VehicleType,
  positions: { driverId: string; lat: number; lng: number }[],
): Promise<void> {
  const prefix = kit.config.redis.keyPrefix;
  for (let i = 0; i < positions.length; i += POSITIONS_PER_PIPELINE) {
    const batch = positions.slice(i, i + POSITIONS_PER_PIPELINE);
    const now = Date.now();
    // Two variadic commands per batch instead of two per driver.
    await kit.redis
      .pipeline()
      .geoadd(`${prefix}geo:drivers:${vehicleType}`, ...batch.flatMap((p) => [p.lng, p.lat, p.driverId]))
      .zadd(`${prefix}geo:drivers:seen`, ...batch.flatMap((p) => [now, p.driverId]))
      .exec();
  }
}

/** A customer for benchmarks (inserted directly: their password is never used). */
export async function upsertBenchCustomer(kit: BenchKit, phone = '+21629999999'): Promise<string> {
  benchPasswordHash ??= await hashPassword('bench-driver-password');
  const result = await kit.database.db.execute<{ id: string }>(sql`
    INSERT INTO customers (phone, name, password_hash) VALUES (${phone}, 'Bench customer', ${benchPasswordHash})
    ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name
    RETURNING id`);
  const id = result.rows[0]?.id;
  if (!id) throw new Error('bench customer upsert failed');
  return id;
}

export async function insertBenchRide(
  kit: BenchKit,
  input: { customerId: string; pickup: { lat: number; lng: number }; vehicleType: VehicleType },
): Promise<string> {
  const [row] = await kit.database.db
    .insert(rides)
    .values({
      customerId: input.customerId,
      pickupLat: input.pickup.lat,
      pickupLng: input.pickup.lng,
      pickupAddress: 'Bench pickup',
      dropoffLat: input.pickup.lat + 0.05,
      dropoffLng: input.pickup.lng + 0.05,
      dropoffAddress: 'Bench dropoff',
      vehicleType: input.vehicleType,
      cargoDescription: 'Bench cargo',
      cargoWeightKg: 100,
      governorateCode: 'TN-11',
      distanceMeters: 8_000,
      priceEstimate: 30_000,
    })
    .returning({ id: rides.id });
  if (!row) throw new Error('ride insert failed');
  return row.id;
}

export async function connectClient(baseUrl: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function http<T>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
