import type {
  AdminAccount,
  AdminAction,
  AdminAuditEntry,
  AdminConsoleStats,
  AdminCustomer,
  AdminDispute,
  AdminDriver,
  AdminLive,
  AdminMe,
  AdminPayment,
  AdminRide,
  AdminRideActionResult,
  AdminRideDetail,
  AdminRole,
  Commission,
  CreateAdmin,
  DocumentReview,
  DriverDocuments,
  ResolveDispute,
  RideDelivery,
  RideStatus,
  UnlockDeliveryCode,
} from '@truck4u/contracts';
import type { ApiClient, Page } from './api-client';
import { newIdempotencyKey } from './idempotency';

/** The roles in the order the console lists them (kept equal to the contract's by a test). */
export const ADMIN_ROLE_LIST = [
  'SUPERADMIN',
  'OPERATIONS',
  'FINANCE',
  'SUPPORT',
] as const satisfies readonly AdminRole[];

/** Whether the signed-in admin (GET /api/admin/me) may do `action`; the api refuses it anyway. */
export function adminMay(me: Pick<AdminMe, 'permissions'> | null | undefined, action: AdminAction): boolean {
  return Boolean(me?.permissions.includes(action));
}

/** The 24 governorates (code and name), kept equal to the contract's list by a test. */
export const GOVERNORATE_LIST = [
  { code: 'TN-11', name: 'Tunis' },
  { code: 'TN-12', name: 'Ariana' },
  { code: 'TN-13', name: 'Ben Arous' },
  { code: 'TN-14', name: 'Manouba' },
  { code: 'TN-21', name: 'Nabeul' },
  { code: 'TN-22', name: 'Zaghouan' },
  { code: 'TN-23', name: 'Bizerte' },
  { code: 'TN-31', name: 'Béja' },
  { code: 'TN-32', name: 'Jendouba' },
  { code: 'TN-33', name: 'Le Kef' },
  { code: 'TN-34', name: 'Siliana' },
  { code: 'TN-41', name: 'Kairouan' },
  { code: 'TN-42', name: 'Kasserine' },
  { code: 'TN-43', name: 'Sidi Bouzid' },
  { code: 'TN-51', name: 'Sousse' },
  { code: 'TN-52', name: 'Monastir' },
  { code: 'TN-53', name: 'Mahdia' },
  { code: 'TN-61', name: 'Sfax' },
  { code: 'TN-71', name: 'Gafsa' },
  { code: 'TN-72', name: 'Tozeur' },
  { code: 'TN-73', name: 'Kebili' },
  { code: 'TN-81', name: 'Gabès' },
  { code: 'TN-82', name: 'Medenine' },
  { code: 'TN-83', name: 'Tataouine' },
] as const;

export interface AdminRidesFilter {
  status?: RideStatus;
  governorate?: string;
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
}

export interface AdminPaymentsFilter {
  status?: string;
  method?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

/** Every admin console call, over the shared client (same single-flight refresh and error envelope). */
export function createAdminApi(api: Pick<ApiClient, 'request'>) {
  const { request } = api;
  const enc = encodeURIComponent;
  return {
    me: () => request<AdminMe>('GET', '/api/admin/me'),
    live: () => request<AdminLive>('GET', '/api/admin/live'),
    rides: {
      list: (q: AdminRidesFilter = {}) =>
        request<Page<AdminRide>>('GET', '/api/admin/rides', { query: { ...q } }),
      get: (id: string) => request<AdminRideDetail>('GET', `/api/admin/rides/${enc(id)}`),
      cancel: (id: string, reason: string) =>
        request<AdminRideActionResult>('POST', `/api/admin/rides/${enc(id)}/cancel`, { body: { reason } }),
      redispatch: (id: string) =>
        request<AdminRideActionResult>('POST', `/api/admin/rides/${enc(id)}/redispatch`, { body: {} }),
      /** The recipient's delivery code as support sees it: tries left, locked, when the SMS went (never the code). */
      delivery: (id: string) => request<RideDelivery>('GET', `/api/rides/${enc(id)}/delivery`),
      /** Support at the door: tries back to the limit; `reissue` replaces the code and texts the new one. */
      unlockDeliveryCode: (id: string, body: UnlockDeliveryCode) =>
        request<RideDelivery>('POST', `/api/admin/rides/${enc(id)}/delivery-code/unlock`, { body }),
    },
    drivers: {
      list: (q: { verificationStatus?: string; q?: string; cursor?: string; order?: 'newest' | 'oldest' }) =>
        request<Page<AdminDriver>>('GET', '/api/admin/drivers', { query: { ...q } }),
      verify: (id: string, approved: boolean, reason?: string) =>
        request<AdminDriver>('PATCH', `/api/admin/drivers/${enc(id)}/verify`, {
          body: reason ? { approved, reason } : { approved },
        }),
      suspend: (id: string, reason?: string) =>
        request<unknown>('PATCH', `/api/admin/drivers/${enc(id)}/suspend`, {
          body: reason ? { reason } : {},
        }),
      activate: (id: string) => request<unknown>('PATCH', `/api/admin/drivers/${enc(id)}/activate`, {}),
    },
    documents: {
      forDriver: (driverId: string) =>
        request<DriverDocuments>('GET', `/api/admin/drivers/${enc(driverId)}/documents`),
      /** Approving the driver's last missing document verifies them; a rejection needs a reason they see. */
      review: (documentId: string, approved: boolean, reason?: string) =>
        request<DocumentReview>('PATCH', `/api/admin/documents/${enc(documentId)}/review`, {
          body: reason ? { approved, reason } : { approved },
        }),
    },
    disputes: {
      list: (q: { status?: AdminDispute['status']; cursor?: string } = {}) =>
        request<Page<AdminDispute>>('GET', '/api/admin/disputes', { query: { ...q } }),
      resolve: (id: string, body: ResolveDispute) =>
        request<AdminDispute>('PATCH', `/api/admin/disputes/${enc(id)}`, { body }),
    },
    customers: {
      list: (q: { q?: string; cursor?: string } = {}) =>
        request<Page<AdminCustomer>>('GET', '/api/admin/customers', { query: { ...q } }),
      suspend: (id: string, reason?: string) =>
        request<unknown>('PATCH', `/api/admin/customers/${enc(id)}/suspend`, {
          body: reason ? { reason } : {},
        }),
      activate: (id: string) => request<unknown>('PATCH', `/api/admin/customers/${enc(id)}/activate`, {}),
    },
    commissions: {
      list: () => request<{ items: Commission[] }>('GET', '/api/admin/commissions'),
      update: (governorate: string, body: { rateBps: number; isActive?: boolean }) =>
        request<Commission>('PUT', `/api/admin/commissions/${enc(governorate)}`, { body }),
    },
    payments: {
      list: (q: AdminPaymentsFilter = {}) =>
        request<Page<AdminPayment>>('GET', '/api/admin/payments', { query: { ...q } }),
      /** `idempotencyKey`: one per press of "refund", so a retried refund never pays twice. */
      refund: (id: string, reason: string, idempotencyKey: string = newIdempotencyKey()) =>
        request<AdminPayment>('POST', `/api/admin/payments/${enc(id)}/refund`, {
          body: { reason },
          idempotencyKey,
        }),
    },
    stats: (q: { from: string; to: string }) =>
      request<AdminConsoleStats>('GET', '/api/admin/stats', { query: { ...q, granularity: 'day' } }),
    audit: (cursor?: string) =>
      request<Page<AdminAuditEntry>>('GET', '/api/admin/audit', { query: { cursor } }),
    admins: {
      list: () => request<Page<AdminAccount>>('GET', '/api/admin/admins'),
      create: (body: CreateAdmin) => request<AdminAccount>('POST', '/api/admin/admins', { body }),
      update: (id: string, body: { role?: AdminRole; active?: boolean }) =>
        request<AdminAccount>('PATCH', `/api/admin/admins/${enc(id)}`, { body }),
    },
    /** Gives this browser the queue board's cookie (scoped to /admin/queues) from the admin's access token. */
    openQueueBoard: () => request<void>('POST', '/admin/queues/session', { body: {} }),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
