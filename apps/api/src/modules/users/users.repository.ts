import type { AdminProfile, CustomerProfile, DriverProfile, Role, UserProfile } from '@truck4u/contracts';
import {
  admins,
  customers,
  type Database,
  drivers,
  type Executor,
  isUniqueViolation,
} from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { type PreparedStatement, runPrepared } from '../../infra/prepared-query';

/** The database handle or an open transaction: repository functions work with either. */

// Columns every account table shares; lets auth work on (role, id) without caring which table.
function accountTable(role: Role) {
  const table = role === 'customer' ? customers : role === 'driver' ? drivers : admins;
  return {
    table,
    id: table.id,
    phone: table.phone,
    passwordHash: table.passwordHash,
    isDeactivated: table.isDeactivated,
    updatedAt: table.updatedAt,
  };
}

export interface Credentials {
  id: string;
  passwordHash: string;
  isDeactivated: boolean;
}

export async function findCredentialsByPhone(
  db: Executor,
  role: Role,
  phone: string,
): Promise<Credentials | null> {
  const t = accountTable(role);
  const [row] = await db
    .select({ id: t.id, passwordHash: t.passwordHash, isDeactivated: t.isDeactivated })
    .from(t.table)
    .where(eq(t.phone, phone))
    .limit(1);
  return row ?? null;
}

/**
 * Locks the account row. Issuing a session takes a share lock and cutting tokens off takes an update lock,
 * so a login racing a suspension or logout-all either finishes first (and its tokens are cut off) or sees
 * the account already deactivated. Returns null when the account does not exist.
 */
export async function lockAccount(
  tx: Executor,
  role: Role,
  id: string,
  mode: 'share' | 'update',
): Promise<{ isDeactivated: boolean } | null> {
  const t = accountTable(role);
  const [row] = await tx
    .select({ isDeactivated: t.isDeactivated })
    .from(t.table)
    .where(eq(t.id, id))
    .for(mode === 'share' ? 'share' : 'update');
  return row ?? null;
}

export async function updatePasswordHash(
  tx: Executor,
  role: Role,
  id: string,
  passwordHash: string,
): Promise<void> {
  const t = accountTable(role);
  await tx.update(t.table).set({ passwordHash, updatedAt: sql`now()` }).where(eq(t.id, id));
}

export async function isAccountDeactivated(db: Executor, role: Role, id: string): Promise<boolean> {
  const t = accountTable(role);
  const [row] = await db.select({ isDeactivated: t.isDeactivated }).from(t.table).where(eq(t.id, id));
  return row?.isDeactivated ?? false;
}

// The columns each profile is made of: the prepared reads of GET /api/me select only these.
type CustomerRow = Pick<
  typeof customers.$inferSelect,
  | 'id'
  | 'phone'
  | 'name'
  | 'email'
  | 'customerType'
  | 'companyName'
  | 'companyTaxId'
  | 'companyAddress'
  | 'createdAt'
>;
type DriverRow = Pick<
  typeof drivers.$inferSelect,
  | 'id'
  | 'phone'
  | 'name'
  | 'vehicleType'
  | 'vehiclePlate'
  | 'vehicleCapacityKg'
  | 'verificationStatus'
  | 'ratingSum'
  | 'ratingCount'
  | 'isOnline'
  | 'isDeactivated'
  | 'createdAt'
>;
type AdminRow = Pick<typeof admins.$inferSelect, 'id' | 'phone' | 'name' | 'createdAt'>;

export function toCustomerProfile(row: CustomerRow): CustomerProfile {
  return {
    id: row.id,
    role: 'customer',
    phone: row.phone,
    name: row.name,
    email: row.email,
    customerType: row.customerType,
    company: row.companyName
      ? {
          name: row.companyName,
          ...(row.companyTaxId ? { taxId: row.companyTaxId } : {}),
          ...(row.companyAddress ? { address: row.companyAddress } : {}),
        }
      : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toDriverProfile(row: DriverRow): DriverProfile {
  return {
    id: row.id,
    role: 'driver',
    phone: row.phone,
    name: row.name,
    vehicle: { type: row.vehicleType, plate: row.vehiclePlate, capacityKg: row.vehicleCapacityKg },
    verificationStatus: row.verificationStatus,
    rating: row.ratingCount > 0 ? Math.round((row.ratingSum / row.ratingCount) * 100) / 100 : null,
    ratingCount: row.ratingCount,
    isOnline: row.isOnline,
    isDeactivated: row.isDeactivated,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAdminProfile(row: AdminRow): AdminProfile {
  return {
    id: row.id,
    role: 'admin',
    phone: row.phone,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findProfile(db: Executor, role: Role, id: string): Promise<UserProfile | null> {
  switch (role) {
    case 'customer': {
      const [row] = await db.select().from(customers).where(eq(customers.id, id));
      return row ? toCustomerProfile(row) : null;
    }
    case 'driver': {
      const [row] = await db.select().from(drivers).where(eq(drivers.id, id));
      return row ? toDriverProfile(row) : null;
    }
    case 'admin': {
      const [row] = await db.select().from(admins).where(eq(admins.id, id));
      return row ? toAdminProfile(row) : null;
    }
  }
}

const PROFILE_READS = {
  customer: {
    name: 'users.customer-profile.v1',
    text: `SELECT id, phone, name, email, customer_type AS "customerType", company_name AS "companyName",
      company_tax_id AS "companyTaxId", company_address AS "companyAddress", created_at AS "createdAt"
    FROM customers WHERE id = $1::uuid`,
  },
  driver: {
    name: 'users.driver-profile.v1',
    text: `SELECT id, phone, name, vehicle_type AS "vehicleType", vehicle_plate AS "vehiclePlate",
      vehicle_capacity_kg AS "vehicleCapacityKg", verification_status AS "verificationStatus",
      rating_sum AS "ratingSum", rating_count AS "ratingCount", is_online AS "isOnline",
      is_deactivated AS "isDeactivated", created_at AS "createdAt"
    FROM drivers WHERE id = $1::uuid`,
  },
  admin: {
    name: 'users.admin-profile.v1',
    text: `SELECT id, phone, name, created_at AS "createdAt" FROM admins WHERE id = $1::uuid`,
  },
} satisfies Record<Role, PreparedStatement>;

/**
 * The same profile as findProfile, for GET /api/me: a prepared statement per role (infra/prepared-query.ts)
 * through the pool, outside any transaction.
 */
export async function readProfile(db: Database, role: Role, id: string): Promise<UserProfile | null> {
  switch (role) {
    case 'customer': {
      const [row] = await runPrepared<CustomerRow>(db, PROFILE_READS.customer, [id]);
      return row ? toCustomerProfile(row) : null;
    }
    case 'driver': {
      const [row] = await runPrepared<DriverRow>(db, PROFILE_READS.driver, [id]);
      return row ? toDriverProfile(row) : null;
    }
    case 'admin': {
      const [row] = await runPrepared<AdminRow>(db, PROFILE_READS.admin, [id]);
      return row ? toAdminProfile(row) : null;
    }
  }
}

/** Runs an insert and turns a duplicate phone into PHONE_ALREADY_REGISTERED. */
export async function insertAccount<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'PHONE_ALREADY_REGISTERED',
        'An account with this phone number already exists for this role',
      );
    }
    throw error;
  }
}

export async function insertCustomer(
  db: Executor,
  values: typeof customers.$inferInsert,
): Promise<CustomerProfile> {
  const [row] = await insertAccount(() => db.insert(customers).values(values).returning());
  if (!row) throw new Error('insert returned no row');
  return toCustomerProfile(row);
}

export async function insertDriver(
  db: Executor,
  values: typeof drivers.$inferInsert,
): Promise<DriverProfile> {
  const [row] = await insertAccount(() => db.insert(drivers).values(values).returning());
  if (!row) throw new Error('insert returned no row');
  return toDriverProfile(row);
}

export async function insertAdmin(db: Executor, values: typeof admins.$inferInsert): Promise<AdminProfile> {
  const [row] = await insertAccount(() => db.insert(admins).values(values).returning());
  if (!row) throw new Error('insert returned no row');
  return toAdminProfile(row);
}
