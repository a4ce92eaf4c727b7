import { type AdminAction, type AdminRole, adminCan } from '@truck4u/contracts';
import { admins, type Database } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../../errors/app-error';

/**
 * The action each admin route needs; `null`: any active admin (their own account). The role → actions
 * table is ADMIN_PERMISSIONS in packages/contracts (docs/SECURITY.md shows both). Routes of features still
 * being built are listed ahead so they are guarded from their first commit.
 */
export const ADMIN_ROUTE_ACTIONS: Readonly<Record<string, AdminAction | null>> = {
  'GET /api/admin/me': null,
  'GET /api/admin/rides': 'rides.read',
  'GET /api/admin/rides/:id': 'rides.read',
  'POST /api/admin/rides/:id/cancel': 'rides.cancel',
  'POST /api/admin/rides/:id/redispatch': 'rides.redispatch',
  'POST /api/admin/rides/:id/delivery-code/unlock': 'deliveryCodes.unlock',
  'GET /api/admin/live': 'live.read',
  'GET /api/admin/drivers': 'drivers.read',
  'GET /api/admin/drivers/:id/documents': 'drivers.read',
  'PATCH /api/admin/documents/:id/review': 'documents.review',
  'PATCH /api/admin/drivers/:id/verify': 'drivers.verify',
  'PATCH /api/admin/drivers/:id/suspend': 'drivers.suspend',
  'PATCH /api/admin/drivers/:id/activate': 'drivers.suspend',
  // A driver's credit on cash commission is a money rule, like commission rates: finance decides it.
  'PATCH /api/admin/drivers/:id/cash-cap': 'commissions.write',
  'GET /api/admin/customers': 'customers.read',
  'PATCH /api/admin/customers/:id/suspend': 'customers.suspend',
  'PATCH /api/admin/customers/:id/activate': 'customers.suspend',
  'GET /api/admin/disputes': 'disputes.read',
  'PATCH /api/admin/disputes/:id': 'disputes.resolve',
  'GET /api/admin/payments': 'payments.read',
  'POST /api/admin/payments/:id/refund': 'payments.refund',
  'GET /api/admin/commissions': 'commissions.read',
  'GET /api/admin/commissions/audit': 'commissions.read',
  'PUT /api/admin/commissions/:governorate': 'commissions.write',
  'GET /api/admin/stats': 'stats.read',
  'GET /api/admin/tokens/blacklist-stats': 'tokens.read',
  'GET /api/admin/audit': 'audit.read',
  'GET /api/admin/admins': 'admins.manage',
  'POST /api/admin/admins': 'admins.manage',
  'PATCH /api/admin/admins/:id': 'admins.manage',
};

export const ADMIN_ROUTE_PREFIX = '/api/admin/';

/** The admin making the request, as the permission check read it (set on every admin route). */
export interface AdminAccess {
  id: string;
  role: AdminRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    adminAccess: AdminAccess | null;
  }
  interface FastifyInstance {
    /** Every admin route registered, as `METHOD /path` (the permission matrix test reads it). */
    adminRouteKeys: ReadonlySet<string>;
  }
}

export function adminAccessOf(request: FastifyRequest): AdminAccess {
  if (!request.adminAccess) throw new Error('route is missing its admin permission hook');
  return request.adminAccess;
}

/** The role of an active admin account, or null when the account is gone or deactivated. */
export async function findActiveAdminRole(db: Database, adminId: string): Promise<AdminRole | null> {
  const [row] = await db
    .select({ role: admins.role, isDeactivated: admins.isDeactivated })
    .from(admins)
    .where(eq(admins.id, adminId));
  return row && !row.isDeactivated ? row.role : null;
}

/**
 * The check itself. The role is read from Postgres on each request (one primary-key lookup) rather than
 * carried in the token, so a superadmin's role change applies to the very next request.
 */
export function requireAdminAction(db: Database, action: AdminAction | null): onRequestAsyncHookHandler {
  return async (request) => {
    const auth = request.auth;
    if (auth?.role !== 'admin') throw new AppError('FORBIDDEN', 'This action is for admin accounts');
    request.adminAccess = { id: auth.userId, role: await assertAdminMay(db, auth.userId, action) };
  };
}

/**
 * Throws ACCOUNT_DEACTIVATED or FORBIDDEN unless the admin is active and their role allows `action`
 * (`null`: any active admin); returns the role. Also guards what lives outside /api/admin/ (the queue board).
 */
export async function assertAdminMay(
  db: Database,
  adminId: string,
  action: AdminAction | null,
): Promise<AdminRole> {
  const role = await findActiveAdminRole(db, adminId);
  if (!role) throw new AppError('ACCOUNT_DEACTIVATED', 'This admin account is deactivated');
  if (action !== null && !adminCan(role, action)) {
    throw new AppError('FORBIDDEN', `The ${role} role may not do ${action}`, { details: { role, action } });
  }
  return role;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Adds the permission check to every /api/admin/ route, whichever plugin registers it, after that plugin's
 * own authentication hook. Must be registered before the route plugins. A route missing from
 * ADMIN_ROUTE_ACTIONS is kept for superadmins only (fail closed); the permission matrix test fails on it.
 * Returns the admin routes seen, as `METHOD /path` keys.
 */
export function registerAdminPermissions(app: FastifyInstance, db: Database): Set<string> {
  const seen = new Set<string>();
  app.decorateRequest('adminAccess', null);
  app.decorate('adminRouteKeys', seen);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith(ADMIN_ROUTE_PREFIX)) return;
    const methods = asArray(route.method).filter((method) => method !== 'HEAD');
    if (methods.length === 0) {
      // Fastify's automatic HEAD twin of a GET route: guarded like the GET.
      methods.push('GET');
    }
    const keys = methods.map((method) => `${method} ${route.url}`);
    for (const key of keys) seen.add(key);
    const actions = keys.map((key) => ADMIN_ROUTE_ACTIONS[key]);
    const action = actions.every((a) => a !== undefined && a === actions[0])
      ? (actions[0] as AdminAction | null)
      : 'admins.manage';
    route.onRequest = [...asArray(route.onRequest), requireAdminAction(db, action)];
  });
  return seen;
}
