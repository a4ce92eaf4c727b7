import { hash } from '@node-rs/argon2';
import { DOCUMENT_KINDS, licenceCategoriesFor, VEHICLE_CAPACITY_KG } from '@truck4u/contracts';
import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { admins, customers, driverDocuments, drivers, uploads } from './schema/index';

// Reference data (governorates, commissions, plans, platform ledger accounts) is not seeded: migration
// 0010_reference_data inserts it, see reference-data.ts. The seed only adds demo accounts.

export const DEMO_PASSWORD = 'truck4u-demo';

/** Demo accounts for a local system; every one uses DEMO_PASSWORD. Idempotent. */
export const DEMO_ACCOUNTS = {
  admin: { phone: '+21620000000', name: 'Amira Admin' },
  customers: [
    { phone: '+21621000001', name: 'Sami Ben Ali' },
    {
      phone: '+21621000002',
      name: 'Leila Trabelsi',
      company: { name: 'Carthage Meubles SARL', taxId: '1234567A' },
    },
  ],
  drivers: [
    {
      phone: '+21622000001',
      name: 'Karim Tunis',
      vehicleType: 'SMALL_VAN',
      plate: '201 TU 1001',
      lat: 36.8065,
      lng: 10.1815,
    },
    {
      phone: '+21622000002',
      name: 'Hedi Ariana',
      vehicleType: 'LARGE_VAN',
      plate: '202 TU 1002',
      lat: 36.8625,
      lng: 10.1956,
    },
    {
      phone: '+21622000003',
      name: 'Nabil Ben Arous',
      vehicleType: 'BOX_TRUCK',
      plate: '203 TU 1003',
      lat: 36.7531,
      lng: 10.2189,
    },
    {
      phone: '+21622000004',
      name: 'Mourad La Marsa',
      vehicleType: 'PICKUP',
      plate: '204 TU 1004',
      lat: 36.8782,
      lng: 10.3247,
    },
    {
      phone: '+21622000005',
      name: 'Fathi Sfax',
      vehicleType: 'SMALL_VAN',
      plate: '205 TU 1005',
      lat: 34.7406,
      lng: 10.7603,
    },
    {
      phone: '+21622000006',
      name: 'Ridha Sakiet',
      vehicleType: 'FLATBED',
      plate: '206 TU 1006',
      lat: 34.8,
      lng: 10.78,
    },
    {
      phone: '+21622000007',
      name: 'Anis Sfax Sud',
      vehicleType: 'REFRIGERATED',
      plate: '207 TU 1007',
      lat: 34.7,
      lng: 10.72,
    },
  ],
} as const;

/** How many demo accounts of each kind a seed run created (existing phones are left as they are). */
export interface DemoSeedReport {
  admins: number;
  customers: number;
  drivers: number;
}

export async function seedDemoAccounts(db: Database): Promise<DemoSeedReport> {
  const passwordHash = await hash(DEMO_PASSWORD);
  const newAdmins = await db
    .insert(admins)
    .values({ ...DEMO_ACCOUNTS.admin, passwordHash })
    .onConflictDoNothing()
    .returning({ id: admins.id });
  const newCustomers = await db
    .insert(customers)
    .values(
      DEMO_ACCOUNTS.customers.map((c) => ({
        phone: c.phone,
        name: c.name,
        passwordHash,
        customerType: 'company' in c ? ('B2B' as const) : ('B2C' as const),
        companyName: 'company' in c ? c.company.name : null,
        companyTaxId: 'company' in c ? c.company.taxId : null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: customers.id });
  const now = new Date();
  const newDrivers = await db
    .insert(drivers)
    .values(
      DEMO_ACCOUNTS.drivers.map((d) => ({
        phone: d.phone,
        name: d.name,
        passwordHash,
        vehicleType: d.vehicleType,
        vehiclePlate: d.plate,
        vehicleCapacityKg: VEHICLE_CAPACITY_KG[d.vehicleType],
        verificationStatus: 'VERIFIED' as const,
        verifiedAt: now,
        lastLat: d.lat,
        lastLng: d.lng,
        lastLocationAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: drivers.id, vehicleType: drivers.vehicleType });
  for (const driver of newDrivers) await seedApprovedDocuments(db, driver, now);
  return { admins: newAdmins.length, customers: newCustomers.length, drivers: newDrivers.length };
}

/**
 * The five required documents of a demo driver, approved and valid for five years, so demo drivers stay
 * verified and dispatchable under the document rules. The uploads are placeholders (no bytes are stored).
 */
async function seedApprovedDocuments(
  db: Database,
  driver: { id: string; vehicleType: (typeof drivers.$inferSelect)['vehicleType'] },
  now: Date,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  const categories = [...licenceCategoriesFor(driver.vehicleType)];
  for (const kind of DOCUMENT_KINDS) {
    const [upload] = await db
      .insert(uploads)
      .values({
        ownerRole: 'driver',
        ownerId: driver.id,
        purpose: 'DRIVER_DOCUMENT',
        contentType: 'application/pdf',
        sizeBytes: 1,
        storageKey: `seed/${driver.id}/${kind}`,
        status: 'READY',
        attachedAt: now,
        readyAt: now,
      })
      .returning({ id: uploads.id });
    if (!upload) throw new Error('seed upload insert failed');
    const hasExpiry = kind === 'DRIVING_LICENCE' || kind === 'INSURANCE' || kind === 'TECHNICAL_INSPECTION';
    await db.insert(driverDocuments).values({
      driverId: driver.id,
      kind,
      status: 'APPROVED',
      uploadId: upload.id,
      number: kind === 'INSURANCE' || kind === 'TECHNICAL_INSPECTION' ? null : `DEMO-${kind}`,
      expiresAt: hasExpiry ? expiresAt : null,
      categories: kind === 'DRIVING_LICENCE' ? categories : null,
      reviewedAt: now,
    });
  }
  await db.update(drivers).set({ licenceCategories: categories }).where(eq(drivers.id, driver.id));
}
