import { randomBytes, randomUUID } from 'node:crypto';
import { ensureDatabaseExists, runMigrations } from '@truck4u/database';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CheckOptions,
  type ClientRecord,
  checkInvariants,
  type InvariantName,
} from './chaos-invariants';

// A real, migrated database per run of this file: the checker's SQL runs against the schema it will meet, and
// each planted violation goes in the way a bug would put it there (triggers and unique indexes that would
// refuse it are switched off for that one statement, since the checker must catch what they would prevent).
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `t4u_chaos_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
let db: pg.Pool;

const MINUTE = 60_000;
const options = (): CheckOptions => ({
  now: new Date(),
  dispatchDeadlineMs: 5 * MINUTE,
  paymentDeadlineMs: 5 * MINUTE,
  activeRideDeadlineMs: 5 * MINUTE,
});
const emptyRecord = (): ClientRecord => ({
  postedRideIds: [],
  revokedProbes: [],
  socketEvents: {},
  recoveredEvents: {},
  cashConfirmedRideIds: [],
  flouciPaid: [],
  webhookReplays: [],
  otpRequests: [],
  smsDelivered: [],
  smsHangs: [],
  chat: {},
  internalErrors: [],
});

async function customer(): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO customers (id, phone, name, password_hash) VALUES ($1, $2, 'C', 'x')`, [
    id,
    `+2162${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
  ]);
  return id;
}

async function driver(): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO drivers (id, phone, name, password_hash, vehicle_type, vehicle_plate, vehicle_capacity_kg)
     VALUES ($1, $2, 'D', 'x', 'SMALL_VAN', '1 TU 1', 1000)`,
    [id, `+2165${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`],
  );
  return id;
}

/** A ride with its whole history written as the api writes it: CREATED, then one event per transition. */
async function ride(options: {
  path: string[];
  customerId?: string;
  driverId?: string;
  agoMs?: number;
  price?: number;
}): Promise<{ rideId: string; customerId: string; driverId: string; bidId: string }> {
  const customerId = options.customerId ?? (await customer());
  const driverId = options.driverId ?? (await driver());
  const rideId = randomUUID();
  const bidId = randomUUID();
  const status = options.path.at(-1) ?? 'PENDING_BIDS';
  const createdAt = new Date(Date.now() - (options.agoMs ?? 0)).toISOString();
  const isAccepted = options.path.includes('BID_ACCEPTED');
  await db.query(
    `INSERT INTO rides (id, customer_id, status, pickup_lat, pickup_lng, pickup_address, dropoff_lat, dropoff_lng,
       dropoff_address, vehicle_type, cargo_description, cargo_weight_kg, governorate_code, distance_meters,
       price_estimate, commission_rate_bps, created_at, updated_at)
     VALUES ($1, $2, 'PENDING_BIDS', 36.8, 10.18, 'a', 36.85, 10.2, 'b', 'SMALL_VAN', 'boxes', 100, 'TN-11', 5000,
       20000, 1000, $3, $3)`,
    [rideId, customerId, createdAt],
  );
  await db.query(
    `INSERT INTO bids (id, ride_id, driver_id, price, eta_minutes, status, expires_at)
     VALUES ($1, $2, $3, $4, 5, $5, now() + interval '1 hour')`,
    [bidId, rideId, driverId, options.price ?? 20_000, isAccepted ? 'ACCEPTED' : 'REJECTED'],
  );
  await db.query(
    `UPDATE rides SET status = $2, driver_id = $3, accepted_bid_id = $4, price = $5, updated_at = $6 WHERE id = $1`,
    [
      rideId,
      status,
      isAccepted ? driverId : null,
      isAccepted ? bidId : null,
      isAccepted ? (options.price ?? 20_000) : null,
      createdAt,
    ],
  );
  let from: string | null = null;
  for (const to of options.path) {
    await db.query(
      `INSERT INTO ride_events (ride_id, type, from_status, to_status, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [rideId, from === null ? 'CREATED' : 'STATUS_CHANGED', from, to, createdAt],
    );
    from = to;
  }
  return { rideId, customerId, driverId, bidId };
}

const COMPLETED_PATH = [
  'PENDING_BIDS',
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
];

async function account(kind: string, ownerId: string | null): Promise<string> {
  const found = await db.query<{ id: string }>(
    `INSERT INTO ledger_accounts (kind, owner_role, owner_id) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT ledger_accounts_owner_key DO UPDATE SET kind = excluded.kind RETURNING id`,
    [kind, ownerId === null ? null : kind === 'CUSTOMER_WALLET' ? 'customer' : 'driver', ownerId],
  );
  return found.rows[0]?.id as string;
}

/** A wallet payment of a completed ride, settled with the entries the payment worker posts. */
async function paidRide(): Promise<{
  rideId: string;
  paymentId: string;
  customerId: string;
  driverId: string;
}> {
  const r = await ride({ path: COMPLETED_PATH });
  const paymentId = randomUUID();
  await db.query(
    `INSERT INTO payments (id, ride_id, customer_id, method, amount, status, idempotency_key, request_hash, settled_at)
     VALUES ($1, $2, $3, 'WALLET', 20000, 'SUCCEEDED', $4, 'h', now())`,
    [paymentId, r.rideId, r.customerId, randomUUID()],
  );
  await settle(paymentId, r.rideId, r.customerId, r.driverId);
  return { ...r, paymentId };
}

async function settle(paymentId: string, rideId: string, customerId: string, driverId: string, key?: string) {
  const wallet = await account('CUSTOMER_WALLET', customerId);
  const clearing = await account('FLOUCI_CLEARING', null);
  const driverWallet = await account('DRIVER_WALLET', driverId);
  const platform = await account('PLATFORM_REVENUE', null);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const funding = randomUUID();
    await client.query(
      `INSERT INTO ledger_transactions (id, kind, description, idempotency_key) VALUES ($1, 'TOP_UP', 't', $2)`,
      [funding, randomUUID()],
    );
    await client.query(
      'INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES ($1, $2, -20000), ($1, $3, 20000)',
      [funding, clearing, wallet],
    );
    const tx = randomUUID();
    await client.query(
      `INSERT INTO ledger_transactions (id, kind, description, ride_id, payment_id, idempotency_key)
       VALUES ($1, 'RIDE_PAYMENT', 'p', $2, $3, $4)`,
      [tx, rideId, paymentId, key ?? `payment:${paymentId}:settle`],
    );
    await client.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES ($1, $2, -20000), ($1, $3, 18000), ($1, $4, 2000)`,
      [tx, wallet, driverWallet, platform],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** Runs `statements` with triggers off (session_replication_role), as a bug bypassing them would. */
async function behindTheTriggers(statements: (client: pg.PoolClient) => Promise<void>) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await statements(client);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const caught = async (record: ClientRecord = emptyRecord()) =>
  (await checkInvariants(db, record, options())).violations;
const names = (violations: { invariant: InvariantName }[]) => [
  ...new Set(violations.map((v) => v.invariant)),
];

beforeAll(async () => {
  await ensureDatabaseExists(dbUrl);
  await runMigrations(dbUrl);
  db = new pg.Pool({ connectionString: dbUrl, max: 4 });
});

afterAll(async () => {
  await db?.end();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
});

beforeEach(async () => {
  await behindTheTriggers(async (c) => {
    await c.query(
      'TRUNCATE ledger_entries, ledger_transactions, ledger_accounts, payments, ride_events, bids, rides, drivers, customers CASCADE',
    );
  });
});

describe('the chaos run invariants', () => {
  it('finds nothing wrong in a healthy marketplace', async () => {
    const paid = await paidRide();
    await ride({ path: ['PENDING_BIDS', 'CANCELLED'] });
    await ride({ path: ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'], agoMs: 60 * MINUTE });
    // Still in its dispatch window: waiting is correct.
    await ride({ path: ['PENDING_BIDS'] });
    const events = await db.query<{ id: number; to_status: string }>(
      'SELECT id::int AS id, to_status::text FROM ride_events WHERE ride_id = $1 ORDER BY id',
      [paid.rideId],
    );
    const record: ClientRecord = {
      ...emptyRecord(),
      postedRideIds: [paid.rideId],
      revokedProbes: [
        { userId: paid.customerId, path: '/api/me', at: new Date().toISOString(), status: 401 },
      ],
      // The socket saw only the first two status changes; /events gave back all of them.
      socketEvents: {
        [paid.rideId]: events.rows.slice(1, 3).map((e) => ({ eventId: e.id, to: e.to_status as never })),
      },
      recoveredEvents: {
        [paid.rideId]: events.rows.map((e) => ({ id: e.id, toStatus: e.to_status as never })),
      },
    };
    const report = await checkInvariants(db, record, options());
    expect(report.violations).toEqual([]);
    expect(report.eventsMissedBySockets).toBe(events.rows.length - 2);
    expect(report.ridesByStatus).toMatchObject({
      COMPLETED: 1,
      CANCELLED: 1,
      NO_DRIVERS_AVAILABLE: 1,
      PENDING_BIDS: 1,
    });
  });

  it('catches a ride left in PENDING_BIDS after its dispatch window with no bid to accept', async () => {
    const { rideId } = await ride({ path: ['PENDING_BIDS'], agoMs: 10 * MINUTE });
    const violations = await caught();
    expect(violations).toEqual([
      expect.objectContaining({ invariant: 'ride-stuck-in-dispatch', subject: rideId }),
    ]);
  });

  it('catches a ride the client was told about (201) that is not stored', async () => {
    const lost = randomUUID();
    expect(names(await caught({ ...emptyRecord(), postedRideIds: [lost] }))).toEqual(['posted-ride-missing']);
  });

  it('catches a ride whose accepted bid belongs to another driver than the ride’s', async () => {
    const { rideId } = await ride({ path: ['PENDING_BIDS', 'BID_ACCEPTED', 'DRIVER_ARRIVING'] });
    const other = await driver();
    await db.query('UPDATE rides SET driver_id = $2 WHERE id = $1', [rideId, other]);
    expect(names(await caught())).toContain('ride-two-drivers');
  });

  it('catches two accepted bids on one ride', async () => {
    const { rideId } = await ride({ path: ['PENDING_BIDS', 'BID_ACCEPTED'] });
    await db.query(
      `INSERT INTO bids (ride_id, driver_id, price, eta_minutes, status, expires_at)
       VALUES ($1, $2, 19000, 4, 'ACCEPTED', now() + interval '1 hour')`,
      [rideId, await driver()],
    );
    const violations = await caught();
    expect(names(violations)).toEqual(expect.arrayContaining(['bid-accepted-twice', 'ride-two-drivers']));
  });

  it('catches a ride accepted twice in its history, and a transition the status machine forbids', async () => {
    const { rideId } = await ride({ path: ['PENDING_BIDS', 'BID_ACCEPTED'] });
    await db.query(
      `INSERT INTO ride_events (ride_id, type, from_status, to_status) VALUES ($1, 'STATUS_CHANGED', 'BID_ACCEPTED', 'BID_ACCEPTED')`,
      [rideId],
    );
    expect(names(await caught())).toEqual(expect.arrayContaining(['bid-accepted-twice', 'event-log-broken']));
  });

  it('catches a driver holding two active rides', async () => {
    const driverId = await driver();
    await db.query('DROP INDEX IF EXISTS rides_one_active_per_driver');
    await ride({ path: ['PENDING_BIDS', 'BID_ACCEPTED'], driverId });
    await ride({ path: ['PENDING_BIDS', 'BID_ACCEPTED'], driverId });
    expect(names(await caught())).toEqual(['driver-two-active-rides']);
    await db.query('TRUNCATE rides CASCADE');
    await db.query(
      `CREATE UNIQUE INDEX rides_one_active_per_driver ON rides (driver_id) WHERE status IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED')`,
    );
  });

  it('catches a ride abandoned in an active status', async () => {
    const { rideId } = await ride({
      path: ['PENDING_BIDS', 'BID_ACCEPTED', 'DRIVER_ARRIVING'],
      agoMs: 30 * MINUTE,
    });
    expect(await caught()).toEqual([
      expect.objectContaining({ invariant: 'ride-stuck-active', subject: rideId }),
    ]);
  });

  it('catches a payment settled twice (two ledger postings)', async () => {
    const paid = await paidRide();
    await settle(paid.paymentId, paid.rideId, paid.customerId, paid.driverId, `retry:${randomUUID()}`);
    expect(await caught()).toEqual([
      expect.objectContaining({ invariant: 'payment-settled-twice', subject: paid.paymentId }),
    ]);
  });

  it('catches a ride paid twice, a successful payment with no posting and a payment left pending', async () => {
    const paid = await paidRide();
    await db.query('DROP INDEX IF EXISTS payments_one_success_per_ride');
    try {
      await db.query(
        `INSERT INTO payments (ride_id, customer_id, method, amount, status, idempotency_key, request_hash, created_at)
         VALUES ($1, $2, 'WALLET', 20000, 'SUCCEEDED', 'k2', 'h', now()),
                ($1, $2, 'CASH', 20000, 'PENDING', 'k3', 'h', now() - interval '1 hour')`,
        [paid.rideId, paid.customerId],
      );
      // Declared cash waits for the driver: pending is correct until the driver's confirmation was acknowledged.
      expect(names(await caught()).sort()).toEqual(['payment-without-ledger', 'ride-paid-twice']);
      expect(names(await caught({ ...emptyRecord(), cashConfirmedRideIds: [paid.rideId] }))).toContain(
        'payment-stuck',
      );
    } finally {
      await db.query('DELETE FROM payments WHERE idempotency_key IN ($1, $2)', ['k2', 'k3']);
      await db.query(
        `CREATE UNIQUE INDEX payments_one_success_per_ride ON payments (ride_id) WHERE status IN ('PENDING','SUCCEEDED','REFUNDED') AND purpose = 'RIDE'`,
      );
    }
  });

  it('catches a wallet payment the worker never settled', async () => {
    const r = await ride({ path: COMPLETED_PATH });
    const paymentId = randomUUID();
    await db.query(
      `INSERT INTO payments (id, ride_id, customer_id, method, amount, status, idempotency_key, request_hash, created_at)
       VALUES ($1, $2, $3, 'WALLET', 20000, 'PENDING', 'k4', 'h', now() - interval '10 minutes')`,
      [paymentId, r.rideId, r.customerId],
    );
    expect(await caught()).toEqual([
      expect.objectContaining({ invariant: 'payment-stuck', subject: paymentId }),
    ]);
  });

  it('catches a ledger that does not sum to zero and a balance that drifted from its entries', async () => {
    const paid = await paidRide();
    await behindTheTriggers(async (c) => {
      const tx = await c.query<{ id: string }>(`SELECT id FROM ledger_transactions WHERE payment_id = $1`, [
        paid.paymentId,
      ]);
      const platform = await c.query<{ id: string }>(
        `SELECT id FROM ledger_accounts WHERE kind = 'PLATFORM_REVENUE'`,
      );
      await c.query('INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES ($1, $2, 500)', [
        tx.rows[0]?.id,
        platform.rows[0]?.id,
      ]);
    });
    const violations = await caught();
    expect(names(violations)).toEqual(['ledger-unbalanced']);
    // The whole ledger, the one transaction, and the platform account whose balance no longer matches.
    expect(violations).toHaveLength(3);
  });

  it('catches a revoked token that was accepted', async () => {
    const probe = { userId: randomUUID(), path: '/api/me', at: new Date().toISOString() };
    expect(
      names(
        await caught({
          ...emptyRecord(),
          revokedProbes: [
            { ...probe, status: 401 },
            { ...probe, status: 0 },
          ],
        }),
      ),
    ).toEqual([]);
    expect(names(await caught({ ...emptyRecord(), revokedProbes: [{ ...probe, status: 200 }] }))).toEqual([
      'revoked-token-accepted',
    ]);
  });

  it('catches an event the socket missed that /events does not give back, and a socket event the log lacks', async () => {
    const { rideId } = await ride({ path: ['PENDING_BIDS', 'CANCELLED'] });
    const events = await db.query<{ id: number; to_status: string }>(
      'SELECT id::int AS id, to_status::text FROM ride_events WHERE ride_id = $1 ORDER BY id',
      [rideId],
    );
    const [created, cancelled] = events.rows;
    const missing = await caught({
      ...emptyRecord(),
      socketEvents: { [rideId]: [] },
      recoveredEvents: { [rideId]: [{ id: created?.id ?? 0, toStatus: 'PENDING_BIDS' }] },
    });
    expect(missing).toEqual([
      expect.objectContaining({
        invariant: 'event-not-recoverable',
        detail: expect.stringContaining(`${cancelled?.id}`),
      }),
    ]);
    const phantom = await caught({
      ...emptyRecord(),
      socketEvents: { [rideId]: [{ eventId: (cancelled?.id ?? 0) + 1000, to: 'COMPLETED' }] },
      recoveredEvents: { [rideId]: events.rows.map((e) => ({ id: e.id, toStatus: e.to_status as never })) },
    });
    expect(names(phantom)).toEqual(['socket-event-unknown']);
    expect(
      names(
        await caught({
          ...emptyRecord(),
          socketEvents: { [rideId]: [] },
          recoveredEvents: { [rideId]: null },
        }),
      ),
    ).toEqual(['event-not-recoverable']);
  });

  it('catches a Flouci payment the customer paid that was never credited, or credited twice', async () => {
    const r = await ride({ path: COMPLETED_PATH });
    const paymentId = randomUUID();
    await db.query(
      `INSERT INTO payments (id, ride_id, customer_id, method, amount, status, idempotency_key, request_hash, provider_payment_id)
       VALUES ($1, $2, $3, 'FLOUCI', 20000, 'PENDING', $4, 'h', 'flouci-1')`,
      [paymentId, r.rideId, r.customerId, randomUUID()],
    );
    const paidAtFlouci = {
      ...emptyRecord(),
      flouciPaid: [{ paymentId, purpose: 'RIDE' as const, amount: 20000 }],
    };
    // Still PENDING at the end: the webhook, its replays and the sweep all missed it.
    expect(names(await caught(paidAtFlouci))).toEqual(['flouci-paid-not-credited']);
    await db.query(`UPDATE payments SET status = 'SUCCEEDED', settled_at = now() WHERE id = $1`, [paymentId]);
    await settle(paymentId, r.rideId, r.customerId, r.driverId);
    expect(names(await caught(paidAtFlouci))).toEqual([]);
    await settle(paymentId, r.rideId, r.customerId, r.driverId, `replay:${randomUUID()}`);
    expect(names(await caught(paidAtFlouci)).sort()).toEqual([
      'flouci-credited-twice',
      'payment-settled-twice',
    ]);
  });

  it('catches a top-up that credits the wallet another amount than it was for', async () => {
    const customerId = await customer();
    const topUp = async (credited: number) => {
      const paymentId = randomUUID();
      await db.query(
        `INSERT INTO payments (id, customer_id, purpose, method, amount, status, idempotency_key, request_hash, settled_at)
         VALUES ($1, $2, 'TOP_UP', 'FLOUCI', 5000, 'SUCCEEDED', $3, 'h', now())`,
        [paymentId, customerId, randomUUID()],
      );
      const wallet = await account('CUSTOMER_WALLET', customerId);
      const clearing = await account('FLOUCI_CLEARING', null);
      const platform = await account('PLATFORM_REVENUE', null);
      const tx = randomUUID();
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO ledger_transactions (id, kind, description, payment_id, idempotency_key) VALUES ($1, 'TOP_UP', 't', $2, $3)`,
          [tx, paymentId, randomUUID()],
        );
        // The rest of the 5,000 goes elsewhere (a bug's doing): the transaction still balances.
        const rest = 5000 - credited;
        await client.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES ($1, $2, -5000), ($1, $3, $4)${
            rest === 0 ? '' : ', ($1, $5, $6)'
          }`,
          rest === 0 ? [tx, clearing, wallet, credited] : [tx, clearing, wallet, credited, platform, rest],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return paymentId;
    };
    await topUp(5000);
    expect(await caught()).toEqual([]);
    const short = await topUp(4000);
    expect(await caught()).toEqual([
      expect.objectContaining({ invariant: 'top-up-unbalanced', subject: short }),
    ]);
  });

  it('catches a provider outage answered otherwise than the contract says', async () => {
    const at = new Date().toISOString();
    const phone = '+21620000099';
    const fine = await caught({
      ...emptyRecord(),
      webhookReplays: [
        { paymentId: 'p', status: 200 },
        { paymentId: 'p', status: 503 },
        { paymentId: 'p', status: 0 },
      ],
      otpRequests: [
        { phone, at, status: 202, errorCode: null },
        { phone, at, status: 503, errorCode: 'SERVICE_UNAVAILABLE' },
      ],
      smsDelivered: [{ to: phone, createdAt: at, isDeliveryCode: false }],
    });
    expect(fine).toEqual([]);
    const wrong = await caught({
      ...emptyRecord(),
      webhookReplays: [{ paymentId: 'p', status: 500 }],
      otpRequests: [
        { phone, at, status: 500, errorCode: 'INTERNAL_ERROR' },
        // Said sent, but nothing reached the provider.
        { phone, at, status: 202, errorCode: null },
      ],
    });
    expect(names(wrong).sort()).toEqual([
      'otp-sent-without-sms',
      'sms-outage-misanswered',
      'webhook-misanswered',
    ]);
  });

  it('catches a delivery code never texted, and one texted twice with no held call to explain it', async () => {
    const { rideId } = await ride({
      path: [
        'PENDING_BIDS',
        'BID_ACCEPTED',
        'DRIVER_ARRIVING',
        'PICKUP_ARRIVED',
        'LOADING',
        'IN_TRANSIT',
        'DROPOFF_ARRIVED',
        'COMPLETED',
      ],
    });
    const phone = '+21690000001';
    await db.query('UPDATE rides SET recipient_name = $2, recipient_phone = $3 WHERE id = $1', [
      rideId,
      'R',
      phone,
    ]);
    const sms = (ms: number) => ({
      to: phone,
      createdAt: new Date(Date.now() - ms).toISOString(),
      isDeliveryCode: true,
    });
    expect(names(await caught())).toEqual(['delivery-code-not-sent']);
    expect(names(await caught({ ...emptyRecord(), smsDelivered: [sms(5_000)] }))).toEqual([]);
    const twice = { ...emptyRecord(), smsDelivered: [sms(5_000), sms(1_000)] };
    expect(names(await caught(twice))).toEqual(['delivery-code-sent-twice']);
    const held = [
      { from: new Date(Date.now() - 8_000).toISOString(), until: new Date(Date.now() - 2_000).toISOString() },
    ];
    expect(names(await caught({ ...twice, smsHangs: held }))).toEqual([]);
  });

  it('catches a request answered 500', async () => {
    const at = new Date().toISOString();
    expect(
      names(await caught({ ...emptyRecord(), internalErrors: [{ at, path: 'GET /api/rides/:id' }] })),
    ).toEqual(['internal-error']);
  });

  it('catches a chat message lost or shown twice to a party reading the history', async () => {
    const chat = (customer: { id: number; text: string | null }[] | null) => ({
      ...emptyRecord(),
      chat: {
        r1: {
          acked: [
            { id: 1, text: 'a' },
            { id: 2, text: 'b' },
          ],
          histories: {
            customer,
            driver: [
              { id: 1, text: 'a' },
              { id: 2, text: 'b' },
            ],
          },
        },
      },
    });
    expect(
      await caught(
        chat([
          { id: 1, text: 'a' },
          { id: 2, text: 'b' },
          { id: 3, text: 'unacknowledged' },
        ]),
      ),
    ).toEqual([]);
    expect(names(await caught(chat([{ id: 1, text: 'a' }])))).toEqual(['chat-message-lost']);
    expect(names(await caught(chat(null)))).toEqual(['chat-message-lost']);
    expect(
      names(
        await caught(
          chat([
            { id: 1, text: 'a' },
            { id: 2, text: 'b' },
            { id: 4, text: 'b' },
          ]),
        ),
      ),
    ).toEqual(['chat-message-duplicated']);
  });
});
