import { z } from 'zod';

export const ROLES = ['customer', 'driver', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles that can sign themselves up; admins are created by an operator. */
export const selfServiceRoleSchema = z.enum(['customer', 'driver']);
export type SelfServiceRole = z.infer<typeof selfServiceRoleSchema>;

/**
 * One user, named by role and id: each role has its own table, so an id alone does not say whose it is and
 * code that acts for, owns or notifies a user carries both. Narrow `R` where only some roles fit (a wallet
 * belongs to a customer or a driver).
 */
export interface UserRef<R extends Role = Role> {
  role: R;
  id: string;
}
