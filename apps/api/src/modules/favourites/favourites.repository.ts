import type { FavouriteDriver, SaveAddress, SavedAddress } from '@truck4u/contracts';
import { customerAddresses, customers, drivers, type Executor, favouriteDrivers } from '@truck4u/database';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { firstNameOf } from '../rides/ride-driver-card';

/** Takes the customer's row lock: saves and adds of one customer run one at a time, so a cap holds under races. */
export async function lockCustomer(tx: Executor, customerId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  return rows.length > 0;
}

// Saved addresses

type AddressRow = typeof customerAddresses.$inferSelect;

const toAddressDto = (row: AddressRow): SavedAddress => ({
  id: row.id,
  label: row.label,
  lat: row.lat,
  lng: row.lng,
  address: row.address,
  createdAt: row.createdAt.toISOString(),
});

export async function listAddresses(db: Executor, customerId: string): Promise<SavedAddress[]> {
  const rows = await db
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(desc(customerAddresses.createdAt), desc(customerAddresses.id));
  return rows.map(toAddressDto);
}

export async function countAddresses(tx: Executor, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId));
  return row?.n ?? 0;
}

export async function insertAddress(
  tx: Executor,
  customerId: string,
  input: SaveAddress,
): Promise<SavedAddress> {
  const [row] = await tx
    .insert(customerAddresses)
    .values({ customerId, label: input.label, lat: input.lat, lng: input.lng, address: input.address })
    .returning();
  if (!row) throw new Error('address insert returned no row');
  return toAddressDto(row);
}

/** Renames one of the customer's own addresses; null when it is not theirs (or does not exist). */
export async function renameAddress(
  db: Executor,
  customerId: string,
  addressId: string,
  label: string,
): Promise<SavedAddress | null> {
  const [row] = await db
    .update(customerAddresses)
    .set({ label })
    .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customerId)))
    .returning();
  return row ? toAddressDto(row) : null;
}

/** Deletes one of the customer's own addresses; false when it is not theirs (or does not exist). */
export async function deleteAddress(db: Executor, customerId: string, addressId: string): Promise<boolean> {
  const deleted = await db
    .delete(customerAddresses)
    .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customerId)))
    .returning({ id: customerAddresses.id });
  return deleted.length > 0;
}

// Favourite drivers

// Rides the driver completed for this customer, for the card and for the rule that only such drivers qualify.
// Spelled out: Drizzle leaves a one-table query's columns unqualified, and `id` would then mean the ride's.
const ridesTogether = (customerId: string) =>
  sql<number>`(SELECT count(*)::int FROM rides r
    WHERE r.customer_id = ${customerId}::uuid AND r.driver_id = "drivers"."id" AND r.status = 'COMPLETED')`;

/** The customer's favourite drivers with their public card, most recently added first. */
export async function listFavourites(
  db: Executor,
  customerId: string,
  driverId?: string,
): Promise<FavouriteDriver[]> {
  const rows = await db
    .select({
      driverId: drivers.id,
      name: drivers.name,
      vehicleType: drivers.vehicleType,
      vehiclePlate: drivers.vehiclePlate,
      ratingSum: drivers.ratingSum,
      ratingCount: drivers.ratingCount,
      ridesTogether: ridesTogether(customerId),
      addedAt: favouriteDrivers.createdAt,
    })
    .from(favouriteDrivers)
    .innerJoin(drivers, eq(drivers.id, favouriteDrivers.driverId))
    .where(
      and(
        eq(favouriteDrivers.customerId, customerId),
        driverId === undefined ? undefined : eq(favouriteDrivers.driverId, driverId),
      ),
    )
    .orderBy(desc(favouriteDrivers.createdAt), desc(favouriteDrivers.driverId));
  return rows.map((r) => ({
    driverId: r.driverId,
    firstName: firstNameOf(r.name),
    vehicle: { type: r.vehicleType, plate: r.vehiclePlate },
    rating: r.ratingCount > 0 ? Math.round((r.ratingSum / r.ratingCount) * 100) / 100 : null,
    ratingCount: r.ratingCount,
    ridesTogether: r.ridesTogether,
    addedAt: r.addedAt.toISOString(),
  }));
}

/** Whether the driver exists, and how many rides they completed for the customer; null for no such driver. */
export async function findDriverHistory(
  db: Executor,
  customerId: string,
  driverId: string,
): Promise<{ ridesTogether: number } | null> {
  const [row] = await db
    .select({ ridesTogether: ridesTogether(customerId) })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

export async function countFavourites(tx: Executor, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(favouriteDrivers)
    .where(eq(favouriteDrivers.customerId, customerId));
  return row?.n ?? 0;
}

export async function isFavourite(tx: Executor, customerId: string, driverId: string): Promise<boolean> {
  const rows = await tx
    .select({ driverId: favouriteDrivers.driverId })
    .from(favouriteDrivers)
    .where(and(eq(favouriteDrivers.customerId, customerId), eq(favouriteDrivers.driverId, driverId)));
  return rows.length > 0;
}

/** Adds the favourite; false when it was one already (the primary key decides). */
export async function insertFavourite(tx: Executor, customerId: string, driverId: string): Promise<boolean> {
  const inserted = await tx
    .insert(favouriteDrivers)
    .values({ customerId, driverId })
    .onConflictDoNothing()
    .returning({ driverId: favouriteDrivers.driverId });
  return inserted.length > 0;
}

export async function deleteFavourite(db: Executor, customerId: string, driverId: string): Promise<void> {
  await db
    .delete(favouriteDrivers)
    .where(and(eq(favouriteDrivers.customerId, customerId), eq(favouriteDrivers.driverId, driverId)));
}

/** The ids of the customer's favourite drivers (dispatch's first phase filters them for eligibility). */
export async function listFavouriteDriverIds(db: Executor, customerId: string): Promise<string[]> {
  const rows = await db
    .select({ driverId: favouriteDrivers.driverId })
    .from(favouriteDrivers)
    .where(eq(favouriteDrivers.customerId, customerId));
  return rows.map((r) => r.driverId);
}
