import type { AdminRide, AdminRideDetail, AdminRidesQuery } from '@truck4u/contracts';
import {
  customers,
  type Database,
  drivers,
  type Executor,
  governorates,
  payments,
  rideCancellations,
  rideEvents,
  rides,
} from '@truck4u/database';
import { type AnyColumn, and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors/app-error';
import { listAllMessages } from '../chat/chat.repository';
import { toAdminPayment } from '../payments/payments.repository';
import { listFlags, listProofs } from '../proofs/proofs.repository';
import { listBidsWithDrivers } from '../rides/bids.repository';
import { type RideRow, toRideDto } from '../rides/ride.dto';
import { decodeCursor, encodeCursor } from '../rides/rides.repository';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const exactTimestamp = (column: AnyColumn) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The instant a Tunis calendar day starts (`days` later when given): inclusive ranges end at day + 1. */
export const tunisDayStart = (day: string, days = 0) =>
  sql`((${day}::date + ${days}::int)::timestamp AT TIME ZONE 'Africa/Tunis')`;

const driverAccount = alias(drivers, 'ride_driver');

const adminRideColumns = {
  ride: rides,
  governorateName: governorates.name,
  cursorAt: exactTimestamp(rides.createdAt),
  customer: { id: customers.id, name: customers.name, phone: customers.phone },
  driverId: driverAccount.id,
  driverName: driverAccount.name,
  driverPhone: driverAccount.phone,
  driverVehicleType: driverAccount.vehicleType,
  driverPlate: driverAccount.vehiclePlate,
};

function baseQuery(db: Executor) {
  return db
    .select(adminRideColumns)
    .from(rides)
    .innerJoin(governorates, eq(governorates.code, rides.governorateCode))
    .innerJoin(customers, eq(customers.id, rides.customerId))
    .leftJoin(driverAccount, eq(driverAccount.id, rides.driverId));
}

type AdminRideRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toAdminRide(row: AdminRideRow): AdminRide {
  return {
    ...toRideDto(row.ride, row.governorateName),
    customer: row.customer,
    driver:
      row.driverId && row.driverName && row.driverPhone && row.driverVehicleType && row.driverPlate
        ? {
            id: row.driverId,
            name: row.driverName,
            phone: row.driverPhone,
            vehicleType: row.driverVehicleType,
            plate: row.driverPlate,
          }
        : null,
  };
}

/** What an admin typed in the search box: a ride id (or its start), a phone, or a plate. */
function searchCondition(q: string): SQL | undefined {
  const trimmed = q.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)) {
    return eq(rides.id, trimmed.toLowerCase());
  }
  const compact = escapeLike(trimmed.replace(/\s+/g, ''));
  const digits = trimmed.replace(/\D+/g, '');
  return or(
    /^[0-9a-f-]{4,35}$/i.test(trimmed)
      ? sql`${rides.id}::text ILIKE ${`${escapeLike(trimmed)}%`}`
      : undefined,
    // Phones are stored in E.164; an admin types "22 123 456" or "+216 22123456".
    digits.length >= 4 ? ilike(customers.phone, `%${digits}%`) : undefined,
    digits.length >= 4 ? ilike(driverAccount.phone, `%${digits}%`) : undefined,
    // Plates are stored as painted ("123 TU 4567"): compared without spaces.
    sql`replace(${driverAccount.vehiclePlate}, ' ', '') ILIKE ${`%${compact}%`}`,
  );
}

/** Every ride, newest first, on the same keyset cursor as GET /api/rides. */
export async function listAdminRides(
  db: Database,
  query: AdminRidesQuery,
): Promise<{ items: AdminRide[]; nextCursor?: string }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) {
    throw new AppError('VALIDATION_FAILED', 'This cursor is not one the server gave out', {
      details: [{ path: 'query.cursor', message: 'Unknown cursor', code: 'custom' }],
    });
  }
  const rows = await baseQuery(db)
    .where(
      and(
        query.status ? eq(rides.status, query.status) : undefined,
        query.governorate ? eq(rides.governorateCode, query.governorate) : undefined,
        query.from ? sql`${rides.createdAt} >= ${tunisDayStart(query.from)}` : undefined,
        query.to ? sql`${rides.createdAt} < ${tunisDayStart(query.to, 1)}` : undefined,
        query.q ? searchCondition(query.q) : undefined,
        cursor
          ? sql`(${rides.createdAt}, ${rides.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(rides.createdAt), desc(rides.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAdminRide),
    ...(rows.length > query.limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.cursorAt, id: last.ride.id }) }
      : {}),
  };
}

export async function findAdminRide(db: Executor, rideId: string): Promise<AdminRide | null> {
  const [row] = await baseQuery(db).where(eq(rides.id, rideId));
  return row ? toAdminRide(row) : null;
}

/** Rides not yet completed or cancelled, oldest first (the live map's list). */
export async function listActiveAdminRides(db: Database, statuses: readonly RideRow['status'][]) {
  const rows = await baseQuery(db)
    .where(inArray(rides.status, [...statuses]))
    .orderBy(asc(rides.createdAt), asc(rides.id))
    .limit(1000);
  return rows.map(toAdminRide);
}

/** Everything about one ride: events, bids, payments, cancellation, proofs and chat. */
export async function findAdminRideDetail(db: Database, rideId: string): Promise<AdminRideDetail | null> {
  const ride = await findAdminRide(db, rideId);
  if (!ride) return null;
  const [events, bidList, paymentRows, [cancellation]] = await Promise.all([
    db.select().from(rideEvents).where(eq(rideEvents.rideId, rideId)).orderBy(asc(rideEvents.id)),
    listBidsWithDrivers(db, rideId, null),
    db.select().from(payments).where(eq(payments.rideId, rideId)).orderBy(asc(payments.createdAt)),
    db.select().from(rideCancellations).where(eq(rideCancellations.rideId, rideId)),
  ]);
  return {
    ride,
    events: events.map((e) => ({
      id: e.id,
      rideId: e.rideId,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorRole: e.actorRole,
      createdAt: e.createdAt.toISOString(),
      ...(e.data === null ? {} : { data: e.data }),
    })),
    bids: bidList,
    payments: paymentRows.map(toAdminPayment),
    cancellation: cancellation
      ? {
          actorRole: cancellation.actorRole,
          actorId: cancellation.actorId,
          reason: cancellation.reason,
          statusAtCancellation: cancellation.statusAtCancellation,
          fee: cancellation.fee,
          createdAt: cancellation.createdAt.toISOString(),
        }
      : null,
    proofs: await listProofs(db, rideId),
    flags: await listFlags(db, rideId),
    chat: await listAllMessages(db, rideId),
  };
}
