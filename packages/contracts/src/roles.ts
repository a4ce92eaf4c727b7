import { z } from 'zod';

export const ROLES = ['customer', 'driver', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles that can sign themselves up; admins are created by an operator. */
export const selfServiceRoleSchema = z.enum(['customer', 'driver']);
export type SelfServiceRole = z.infer<typeof selfServiceRoleSchema>;
