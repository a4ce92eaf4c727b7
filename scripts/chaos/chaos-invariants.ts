import { canTransition, type RideStatus } from '@truck4u/contracts';

/**
 * The chaos run's verdict: what must hold in Postgres (and in what the clients saw) after a run with faults,
 * whatever was killed when. Each check is one SQL query over the whole database plus, for tokens and events,
 * the clients' own record of the run. docs/CHAOS.md lists them.
 */

/** The part of a pg Pool / Client the checker needs. */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A request made with an access token after its logout was acknowledged. */
export interface RevokedTokenProbe {
  userId: string;
  path: string;
  at: string;
  /** The HTTP status; 0 when no answer came (timeout, reset). Any 2xx means the revoked token got in. */
  status: number;
}

export interface SeenEvent {
  eventId: number;
  to: RideStatus;
}

export interface ClientRecord {
  /** Every ride a POST /api/rides answered 201 for. */
  postedRideIds: string[];
  revokedProbes: RevokedTokenProbe[];
  /** `ride:status` events the customers' sockets received, by ride. */
  socketEvents: Record<string, SeenEvent[]>;
  /** What GET /api/rides/:id/events answered at the end (null: it did not answer), by ride. */
  recoveredEvents: Record<string, { id: number; toStatus: RideStatus | null }[] | null>;
  /**
   * Rides whose driver's cash confirmation the api acknowledged. A declared cash payment waits for that
   * confirmation, so only a confirmed one still PENDING has been dropped.
   */
  cashConfirmedRideIds: string[];
  /** Flouci payments (ride payments and top-ups) the load paid on the stand-in's page. */
  flouciPaid: { paymentId: string; purpose: 'RIDE' | 'TOP_UP'; amount: number }[];
  /** Every answer to a Flouci webhook the load delivered again (as Flouci retries one): 0 without an answer. */
  webhookReplays: { paymentId: string; status: number }[];
  /** Every OTP request the load made for an existing account: when, the answer, the error code of a refusal. */
  otpRequests: { phone: string; at: string; status: number; errorCode: string | null }[];
  /** What the SMS stand-in received during the run (delivery codes told apart from login codes). */
  smsDelivered: { to: string; createdAt: string; isDeliveryCode: boolean }[];
  /** When the SMS provider held calls past the api's timeout: a call it answered late may be sent again. */
  smsHangs: { from: string; until: string }[];
  /** By ride: the chat messages the api acknowledged (201), and each party's history read back at the end. */
  chat: Record<string, ChatRecord>;
  /** Every request answered 500: with a data store or a provider out of reach the contract's answer is 503. */
  internalErrors: { at: string; path: string }[];
}

export interface ChatRecord {
  acked: { id: number; text: string }[];
  /** Null: the party's GET /messages did not answer at the end. */
  histories: Partial<Record<'customer' | 'driver', { id: number; text: string | null }[] | null>>;
}

export interface CheckOptions {
  /** When the check runs (the database's clock is compared with it). */
  now: Date;
  /** A PENDING_BIDS ride with no live bid older than this has been dropped by dispatch. */
  dispatchDeadlineMs: number;
  /** A payment still PENDING after this long has been dropped by the payment worker and its sweep. */
  paymentDeadlineMs: number;
  /** A ride in an active status untouched for this long was abandoned (the run lets every ride finish). */
  activeRideDeadlineMs: number;
}

export type InvariantName =
  | 'posted-ride-missing'
  | 'ride-stuck-in-dispatch'
  | 'ride-stuck-active'
  | 'ride-two-drivers'
  | 'bid-accepted-twice'
  | 'driver-two-active-rides'
  | 'event-log-broken'
  | 'payment-settled-twice'
  | 'ride-paid-twice'
  | 'payment-without-ledger'
  | 'payment-stuck'
  | 'ledger-unbalanced'
  | 'revoked-token-accepted'
  | 'socket-event-unknown'
  | 'event-not-recoverable'
  | 'flouci-paid-not-credited'
  | 'flouci-credited-twice'
  | 'top-up-unbalanced'
  | 'webhook-misanswered'
  | 'sms-outage-misanswered'
  | 'otp-sent-without-sms'
  | 'delivery-code-not-sent'
  | 'delivery-code-sent-twice'
  | 'chat-message-lost'
  | 'chat-message-duplicated'
  | 'internal-error';

export interface Violation {
  invariant: InvariantName;
  /** The ride, payment, transaction or user concerned. */
  subject: string;
  detail: string;
}

export interface CheckReport {
  violations: Violation[];
  ridesByStatus: Record<string, number>;
  /** Status events the sockets never delivered, all of them found again through /events. */
  eventsMissedBySockets: number;
  eventsSeenBySockets: number;
  revokedProbes: number;
  payments: number;
}

const ACTIVE = `('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED')`;
const PAST_ACCEPTANCE = `('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED','COMPLETED')`;

/** Runs every check; the report's violations must be empty. */
export async function checkInvariants(
  db: Queryable,
  record: ClientRecord,
  options: CheckOptions,
): Promise<CheckReport> {
  const violations: Violation[] = [];
  const add = (invariant: InvariantName, subject: string, detail: string) =>
    violations.push({ invariant, subject, detail });
  const now = options.now.toISOString();

  const statusRows = await db.query<{ status: string; n: number }>(
    'SELECT status::text, count(*)::int AS n FROM rides GROUP BY status',
  );
  const ridesByStatus = Object.fromEntries(statusRows.rows.map((r) => [r.status, r.n]));

  // Every ride a client was told exists does exist (a 201 that was rolled back would be a lost ride).
  if (record.postedRideIds.length > 0) {
    const found = await db.query<{ id: string }>('SELECT id FROM rides WHERE id = ANY($1::uuid[])', [
      record.postedRideIds,
    ]);
    const ids = new Set(found.rows.map((r) => r.id));
    for (const id of record.postedRideIds)
      if (!ids.has(id))
        add('posted-ride-missing', id, 'POST /api/rides answered 201 but the ride is not stored');
  }

  // Dispatch ended: a waiting ride either has a live bid for its customer to take or is still in its window.
  const stuck = await db.query<{ id: string; age_s: number }>(
    `SELECT r.id, extract(epoch FROM ($1::timestamptz - coalesce(r.dispatch_starts_at, r.created_at)))::int AS age_s
       FROM rides r
      WHERE r.status = 'PENDING_BIDS'
        AND coalesce(r.dispatch_starts_at, r.created_at) < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
        AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.ride_id = r.id AND b.status = 'PENDING')`,
    [now, options.dispatchDeadlineMs],
  );
  for (const r of stuck.rows)
    add(
      'ride-stuck-in-dispatch',
      r.id,
      `PENDING_BIDS with no live bid for ${r.age_s} s (dispatch never concluded)`,
    );

  const abandoned = await db.query<{ id: string; status: string; idle_s: number }>(
    `SELECT id, status::text, extract(epoch FROM ($1::timestamptz - updated_at))::int AS idle_s
       FROM rides
      WHERE status IN ${ACTIVE} AND updated_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)`,
    [now, options.activeRideDeadlineMs],
  );
  for (const r of abandoned.rows)
    add('ride-stuck-active', r.id, `${r.status} and untouched for ${r.idle_s} s`);

  // One driver per ride: the ride's driver is the one whose bid was accepted, and only one bid was.
  const accepted = await db.query<{ ride_id: string; n: number; drivers: string[] }>(
    `SELECT ride_id, count(*)::int AS n, array_agg(DISTINCT driver_id::text) AS drivers
       FROM bids WHERE status = 'ACCEPTED' GROUP BY ride_id HAVING count(*) > 1`,
  );
  for (const r of accepted.rows)
    add('bid-accepted-twice', r.ride_id, `${r.n} accepted bids (drivers ${r.drivers.join(', ')})`);
  const acceptances = await db.query<{ ride_id: string; n: number }>(
    `SELECT ride_id, count(*)::int AS n FROM ride_events WHERE to_status = 'BID_ACCEPTED'
      GROUP BY ride_id HAVING count(*) > 1`,
  );
  for (const r of acceptances.rows)
    add('bid-accepted-twice', r.ride_id, `the ride was accepted ${r.n} times (ride_events)`);

  const mismatched = await db.query<{
    id: string;
    status: string;
    driver_id: string | null;
    bid_driver: string | null;
  }>(
    `SELECT r.id, r.status::text, r.driver_id::text, b.driver_id::text AS bid_driver
       FROM rides r LEFT JOIN bids b ON b.id = r.accepted_bid_id
      WHERE (r.status IN ${PAST_ACCEPTANCE} AND (r.driver_id IS NULL OR b.id IS NULL))
         OR (r.driver_id IS NOT NULL AND b.id IS NOT NULL AND (b.driver_id <> r.driver_id OR b.status <> 'ACCEPTED'))
         OR (r.accepted_bid_id IS NOT NULL AND b.ride_id IS DISTINCT FROM r.id)
         OR EXISTS (SELECT 1 FROM bids o WHERE o.ride_id = r.id AND o.status = 'ACCEPTED'
                     AND o.driver_id IS DISTINCT FROM r.driver_id)`,
  );
  for (const r of mismatched.rows)
    add(
      'ride-two-drivers',
      r.id,
      `${r.status}: ride's driver ${r.driver_id ?? 'none'}, accepted bid's driver ${r.bid_driver ?? 'none'}`,
    );

  const busy = await db.query<{ driver_id: string; n: number }>(
    `SELECT driver_id, count(*)::int AS n FROM rides WHERE status IN ${ACTIVE} AND driver_id IS NOT NULL
      GROUP BY driver_id HAVING count(*) > 1`,
  );
  for (const r of busy.rows) add('driver-two-active-rides', r.driver_id, `${r.n} active rides at once`);

  // The event log tells each ride's story without a gap: every step legal, the last one the ride's status.
  const events = await db.query<{
    ride_id: string;
    id: number;
    from_status: RideStatus | null;
    to_status: RideStatus;
    status: RideStatus;
  }>(
    `SELECT e.ride_id, e.id::int AS id, e.from_status::text AS from_status, e.to_status::text AS to_status, r.status::text AS status
       FROM ride_events e JOIN rides r ON r.id = e.ride_id
      WHERE e.to_status IS NOT NULL ORDER BY e.ride_id, e.id`,
  );
  const chains = new Map<string, typeof events.rows>();
  for (const e of events.rows) chains.set(e.ride_id, [...(chains.get(e.ride_id) ?? []), e]);
  for (const [rideId, chain] of chains) {
    let previous: RideStatus | null = null;
    for (const e of chain) {
      const isStart = previous === null && e.from_status === null && e.to_status === 'PENDING_BIDS';
      if (
        !isStart &&
        (e.from_status !== previous || previous === null || !canTransition(previous, e.to_status))
      ) {
        add(
          'event-log-broken',
          rideId,
          `event ${e.id} ${e.from_status ?? '∅'} -> ${e.to_status} after ${previous ?? '∅'}`,
        );
        break;
      }
      previous = e.to_status;
    }
    const last = chain.at(-1);
    if (last && previous === last.to_status && last.to_status !== last.status)
      add('event-log-broken', rideId, `last event says ${last.to_status}, the ride is ${last.status}`);
  }
  const silent = await db.query<{ id: string; status: string }>(
    `SELECT id, status::text FROM rides r WHERE NOT EXISTS (SELECT 1 FROM ride_events e WHERE e.ride_id = r.id AND e.to_status IS NOT NULL)`,
  );
  for (const r of silent.rows) add('event-log-broken', r.id, `${r.status} with no event at all`);

  // Money: each payment settles once, each ride is paid once, and the ledger balances.
  const twice = await db.query<{ payment_id: string; n: number }>(
    `SELECT payment_id::text, count(*)::int AS n FROM ledger_transactions
      WHERE payment_id IS NOT NULL AND kind <> 'REFUND' GROUP BY payment_id HAVING count(*) > 1`,
  );
  for (const r of twice.rows) add('payment-settled-twice', r.payment_id, `${r.n} settlement transactions`);
  const paidTwice = await db.query<{ ride_id: string; n: number }>(
    `SELECT ride_id::text, count(*)::int AS n FROM payments
      WHERE purpose = 'RIDE' AND status IN ('SUCCEEDED','REFUNDED') GROUP BY ride_id HAVING count(*) > 1`,
  );
  for (const r of paidTwice.rows) add('ride-paid-twice', r.ride_id, `${r.n} successful payments`);
  const unposted = await db.query<{ id: string; method: string }>(
    `SELECT p.id, p.method::text FROM payments p
      WHERE p.status = 'SUCCEEDED' AND p.method <> 'CASH'
        AND NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.payment_id = p.id AND t.kind <> 'REFUND')`,
  );
  for (const r of unposted.rows)
    add('payment-without-ledger', r.id, `${r.method} payment SUCCEEDED with no ledger posting`);
  const pending = await db.query<{ id: string; age_s: number }>(
    `SELECT id, extract(epoch FROM ($1::timestamptz - created_at))::int AS age_s FROM payments
      WHERE status = 'PENDING' AND (method = 'WALLET' OR (method = 'CASH' AND ride_id = ANY($3::uuid[])))
        AND created_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)`,
    [now, options.paymentDeadlineMs, record.cashConfirmedRideIds],
  );
  for (const r of pending.rows) add('payment-stuck', r.id, `PENDING for ${r.age_s} s`);
  const paymentCount = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payments');

  const total = await db.query<{ total: number | null }>(
    'SELECT sum(amount)::bigint AS total FROM ledger_entries',
  );
  const sum = Number(total.rows[0]?.total ?? 0);
  if (sum !== 0) add('ledger-unbalanced', 'ledger', `all entries sum to ${sum} millimes`);
  const transactions = await db.query<{ transaction_id: string; total: number }>(
    `SELECT transaction_id::text, sum(amount)::bigint AS total FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0`,
  );
  for (const r of transactions.rows)
    add('ledger-unbalanced', r.transaction_id, `transaction entries sum to ${r.total} millimes`);
  const balances = await db.query<{ id: string; balance: number; entries: number }>(
    `SELECT a.id, a.balance, coalesce(sum(e.amount), 0)::bigint AS entries
       FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
      GROUP BY a.id HAVING a.balance <> coalesce(sum(e.amount), 0)`,
  );
  for (const r of balances.rows)
    add('ledger-unbalanced', r.id, `account balance ${r.balance} but its entries sum to ${r.entries}`);

  // Tokens: nothing made with a logged-out access token may have succeeded.
  for (const probe of record.revokedProbes)
    if (probe.status >= 200 && probe.status < 300)
      add(
        'revoked-token-accepted',
        probe.userId,
        `${probe.path} answered ${probe.status} at ${probe.at} after logout`,
      );

  // Events: whatever a socket missed, GET /events gives back; whatever a socket said, the log holds.
  let missed = 0;
  let seen = 0;
  const followed = Object.keys(record.socketEvents);
  const logged = new Map<string, Map<number, RideStatus>>();
  for (const e of events.rows) {
    const byId = logged.get(e.ride_id) ?? new Map<number, RideStatus>();
    byId.set(e.id, e.to_status);
    logged.set(e.ride_id, byId);
  }
  for (const rideId of followed) {
    const log = logged.get(rideId) ?? new Map<number, RideStatus>();
    const socket = record.socketEvents[rideId] ?? [];
    const seenIds = new Set<number>();
    for (const s of socket) {
      seenIds.add(s.eventId);
      if (log.get(s.eventId) !== s.to)
        add(
          'socket-event-unknown',
          rideId,
          `socket said event ${s.eventId} -> ${s.to}; the log has ${log.get(s.eventId) ?? 'no such event'}`,
        );
    }
    seen += seenIds.size;
    const recovered = record.recoveredEvents[rideId];
    if (recovered === undefined || recovered === null) {
      add('event-not-recoverable', rideId, 'GET /api/rides/:id/events did not answer at the end of the run');
      continue;
    }
    const recoveredIds = new Map(recovered.map((e) => [e.id, e.toStatus]));
    for (const [id, to] of log) {
      if (!seenIds.has(id)) missed += 1;
      if (recoveredIds.get(id) !== to)
        add(
          'event-not-recoverable',
          rideId,
          `event ${id} (-> ${to}) is in the log but GET /events did not return it`,
        );
    }
  }

  for (const e of record.internalErrors)
    add('internal-error', e.path, `answered 500 at ${e.at}; a store or provider out of reach is a 503`);
  await checkProviders(db, record, add);
  await checkDeliveryCodes(db, record, add);
  checkChat(record, add);

  return {
    violations,
    ridesByStatus,
    eventsMissedBySockets: missed,
    eventsSeenBySockets: seen,
    revokedProbes: record.revokedProbes.length,
    payments: paymentCount.rows[0]?.n ?? 0,
  };
}

type Add = (invariant: InvariantName, subject: string, detail: string) => void;

/** Flouci, SMS: money paid at Flouci is credited once, and a provider outage is answered as the contract says. */
async function checkProviders(db: Queryable, record: ClientRecord, add: Add): Promise<void> {
  // Paid on Flouci's page: the webhook, a replay of it or the sweep must have credited it, whatever was down.
  if (record.flouciPaid.length > 0) {
    const found = await db.query<{ id: string; status: string; postings: number }>(
      `SELECT p.id, p.status::text,
              (SELECT count(*) FROM ledger_transactions t WHERE t.payment_id = p.id AND t.kind <> 'REFUND')::int AS postings
         FROM payments p WHERE p.id = ANY($1::uuid[])`,
      [record.flouciPaid.map((f) => f.paymentId)],
    );
    const byId = new Map(found.rows.map((r) => [r.id, r]));
    for (const paid of record.flouciPaid) {
      const row = byId.get(paid.paymentId);
      if (!row || !['SUCCEEDED', 'REFUNDED'].includes(row.status) || row.postings === 0)
        add(
          'flouci-paid-not-credited',
          paid.paymentId,
          `${paid.purpose} paid at Flouci, but ${row ? `${row.status} with ${row.postings} posting(s)` : 'not stored'}`,
        );
    }
  }
  const twice = await db.query<{ id: string; n: number }>(
    `SELECT p.id, count(*)::int AS n FROM payments p JOIN ledger_transactions t ON t.payment_id = p.id AND t.kind <> 'REFUND'
      WHERE p.method = 'FLOUCI' GROUP BY p.id HAVING count(*) > 1`,
  );
  for (const r of twice.rows) add('flouci-credited-twice', r.id, `${r.n} postings for one Flouci payment`);
  const shared = await db.query<{ provider_payment_id: string; n: number }>(
    `SELECT provider_payment_id, count(*)::int AS n FROM payments WHERE provider_payment_id IS NOT NULL
      GROUP BY provider_payment_id HAVING count(*) > 1`,
  );
  for (const r of shared.rows)
    add('flouci-credited-twice', r.provider_payment_id, `one Flouci payment names ${r.n} of ours`);
  // A top-up moves exactly its amount into its owner's wallet, once, and only when it succeeded.
  const topUps = await db.query<{
    id: string;
    status: string;
    amount: number;
    postings: number;
    credited: number;
  }>(
    `SELECT p.id, p.status::text, p.amount::bigint AS amount,
            (SELECT count(*) FROM ledger_transactions t WHERE t.payment_id = p.id AND t.kind <> 'REFUND')::int AS postings,
            coalesce((SELECT sum(e.amount) FROM ledger_transactions t
                        JOIN ledger_entries e ON e.transaction_id = t.id
                        JOIN ledger_accounts a ON a.id = e.account_id
                       WHERE t.payment_id = p.id AND t.kind <> 'REFUND'
                         AND a.kind IN ('CUSTOMER_WALLET','DRIVER_WALLET')
                         AND a.owner_id = coalesce(p.customer_id, p.driver_id)), 0)::bigint AS credited
       FROM payments p WHERE p.purpose = 'TOP_UP'`,
  );
  for (const t of topUps.rows) {
    const amount = Number(t.amount);
    const credited = Number(t.credited);
    if (t.status === 'SUCCEEDED' && (t.postings !== 1 || credited !== amount))
      add(
        'top-up-unbalanced',
        t.id,
        `SUCCEEDED for ${amount}; ${t.postings} posting(s) credit the wallet ${credited}`,
      );
    if (!['SUCCEEDED', 'REFUNDED'].includes(t.status) && t.postings > 0)
      add(
        'top-up-unbalanced',
        t.id,
        `${t.status} but ${t.postings} posting(s) credit the wallet ${credited}`,
      );
  }
  // Receiving a webhook again is harmless (docs/API.md): answered as it stands, or 503 while a store or
  // Flouci is out of reach; never a 500.
  for (const r of record.webhookReplays)
    if (![0, 200, 503].includes(r.status))
      add('webhook-misanswered', r.paymentId, `a replayed webhook was answered ${r.status}`);
  // An SMS outage fails the code request with 503 SERVICE_UNAVAILABLE (otp.service.ts), never otherwise; and
  // a code the api said it sent did reach the provider.
  for (const o of record.otpRequests) {
    const isDocumented =
      [0, 200, 202, 429].includes(o.status) || (o.status === 503 && o.errorCode === 'SERVICE_UNAVAILABLE');
    if (!isDocumented)
      add(
        'sms-outage-misanswered',
        o.phone,
        `an OTP request at ${o.at} was answered ${o.status} ${o.errorCode ?? ''}`,
      );
    if (o.status === 200 || o.status === 202) {
      const since = new Date(o.at).getTime() - 1_000;
      const isDelivered = record.smsDelivered.some(
        (m) => m.to === o.phone && new Date(m.createdAt).getTime() >= since,
      );
      if (!isDelivered)
        add('otp-sent-without-sms', o.phone, `answered ${o.status} at ${o.at}, no SMS reached the provider`);
    }
  }
}

/**
 * The recipient's delivery code is texted once (proofs/delivery-code.service.ts): retried with backoff while
 * the provider fails, so every ride that went IN_TRANSIT got it. Twice only if the provider held a call past
 * the api's timeout and sent it anyway (the api cannot tell that from a lost call), which the run records.
 */
async function checkDeliveryCodes(db: Queryable, record: ClientRecord, add: Add): Promise<void> {
  const rides = await db.query<{ id: string; phone: string }>(
    `SELECT r.id, r.recipient_phone AS phone FROM rides r
      WHERE r.recipient_phone IS NOT NULL
        AND EXISTS (SELECT 1 FROM ride_events e WHERE e.ride_id = r.id AND e.to_status = 'IN_TRANSIT')`,
  );
  for (const r of rides.rows) {
    const texts = record.smsDelivered.filter((m) => m.isDeliveryCode && m.to === r.phone);
    if (texts.length === 0) {
      add('delivery-code-not-sent', r.id, `went IN_TRANSIT; no delivery code reached ${r.phone}`);
      continue;
    }
    if (texts.length > 1) {
      const first = new Date(texts[0]?.createdAt ?? 0).getTime();
      const last = new Date(texts.at(-1)?.createdAt ?? 0).getTime();
      const isHeld = record.smsHangs.some(
        (h) => new Date(h.from).getTime() <= last && new Date(h.until).getTime() + 2_000 >= first - 30_000,
      );
      if (!isHeld) add('delivery-code-sent-twice', r.id, `${texts.length} delivery code SMS to ${r.phone}`);
    }
  }
}

/** Chat: what the api acknowledged, each party reads back exactly once. */
function checkChat(record: ClientRecord, add: Add): void {
  for (const [rideId, chat] of Object.entries(record.chat)) {
    for (const [party, history] of Object.entries(chat.histories)) {
      if (history === null || history === undefined) {
        if (chat.acked.length > 0)
          add('chat-message-lost', rideId, `the ${party}'s GET /messages did not answer at the end`);
        continue;
      }
      const ids = new Set(history.map((m) => m.id));
      for (const m of chat.acked)
        if (!ids.has(m.id))
          add(
            'chat-message-lost',
            rideId,
            `message ${m.id} was acknowledged but the ${party} does not see it`,
          );
      const seen = new Map<string, number>();
      for (const m of history) {
        const key = m.text ?? `#${m.id}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      if (ids.size !== history.length)
        add('chat-message-duplicated', rideId, `the ${party}'s history lists a message id twice`);
      for (const [text, n] of seen)
        if (n > 1) add('chat-message-duplicated', rideId, `the ${party} sees "${text}" ${n} times`);
    }
  }
}
