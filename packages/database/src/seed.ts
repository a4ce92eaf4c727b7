import { hash } from '@node-rs/argon2';
import { GOVERNORATES } from '@truck4u/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import {
  admins,
  customers,
  drivers,
  governorateCommissions,
  governorates,
  ledgerAccounts,
  subscriptionPlans,
} from './schema/index';

export const DEFAULT_COMMISSION_BPS = 1500;

/** Reference data every environment needs: governorates, their commissions, subscription plans. Idempotent. */
export const PLATFORM_ACCOUNT_KINDS = [
  'PLATFORM_REVENUE',
  'SUBSCRIPTION_REVENUE',
  'CASH_CLEARING',
  'FLOUCI_CLEARING',
] as const;

export async function seedReferenceData(db: Database): Promise<void> {
  await db
    .insert(ledgerAccounts)
    .values(PLATFORM_ACCOUNT_KINDS.map((kind) => ({ kind })))
    .onConflictDoNothing();
  await db
    .insert(governorates)
    .values(GOVERNORATES.map((g) => ({ code: g.code, name: g.name, centerLat: g.lat, centerLng: g.lng })))
    .onConflictDoUpdate({
      target: governorates.code,
      set: {
        name: sql`excluded.name`,
        centerLat: sql`excluded.center_lat`,
        centerLng: sql`excluded.center_lng`,
      },
    });
  await db
    .insert(governorateCommissions)
    .values(GOVERNORATES.map((g) => ({ governorateCode: g.code, rateBps: DEFAULT_COMMISSION_BPS })))
    .onConflictDoNothing();
  await db
    .insert(subscriptionPlans)
    .values([
      {
        code: 'STARTER',
        name: 'Starter',
        monthlyPrice: 49_000,
        commissionRateBps: 1000,
        benefits: ['Reduced 10% commission', 'Monthly statement'],
        hasPriorityDispatch: false,
        sortOrder: 1,
      },
      {
        code: 'BUSINESS',
        name: 'Business',
        monthlyPrice: 149_000,
        commissionRateBps: 800,
        benefits: ['8% commission', 'Priority dispatch to top-rated drivers', 'Monthly invoice'],
        hasPriorityDispatch: true,
        sortOrder: 2,
      },
      {
        code: 'ENTERPRISE',
        name: 'Enterprise',
        monthlyPrice: 449_000,
        commissionRateBps: 600,
        benefits: [
          '6% commission',
          'Priority dispatch to top-rated drivers',
          'Monthly invoice',
          'Account manager',
        ],
        hasPriorityDispatch: true,
        sortOrder: 3,
      },
    ])
    .onConflictDoNothing();
}

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

export async function seedDemoAccounts(db: Database): Promise<void> {
  const passwordHash = await hash(DEMO_PASSWORD);
  await db
    .insert(admins)
    .values({ ...DEMO_ACCOUNTS.admin, passwordHash })
    .onConflictDoNothing();
  await db
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
    .onConflictDoNothing();
  const now = new Date();
  await db
    .insert(drivers)
    .values(
      DEMO_ACCOUNTS.drivers.map((d) => ({
        phone: d.phone,
        name: d.name,
        passwordHash,
        vehicleType: d.vehicleType,
        vehiclePlate: d.plate,
        vehicleCapacityKg: d.vehicleType === 'PICKUP' ? 800 : 3_500,
        verificationStatus: 'VERIFIED' as const,
        verifiedAt: now,
        lastLat: d.lat,
        lastLng: d.lng,
        lastLocationAt: now,
      })),
    )
    .onConflictDoNothing();
}
