'use client';
import type { AdminAction } from '@truck4u/contracts';
import { adminMay } from '@truck4u/logic';
import { useTranslations } from 'next-intl';
import { useAdminMe } from './use-admin';

/** Each console section and the permission it needs. */
export const ADMIN_SECTIONS: ReadonlyArray<{ key: string; href: string; action: AdminAction }> = [
  { key: 'live', href: '/admin/live', action: 'live.read' },
  { key: 'rides', href: '/admin/rides', action: 'rides.read' },
  { key: 'drivers', href: '/admin/drivers', action: 'drivers.read' },
  { key: 'customers', href: '/admin/customers', action: 'customers.read' },
  { key: 'commissions', href: '/admin/commissions', action: 'commissions.read' },
  { key: 'payments', href: '/admin/payments', action: 'payments.read' },
  { key: 'disputes', href: '/admin/disputes', action: 'disputes.read' },
  { key: 'stats', href: '/admin/stats', action: 'stats.read' },
  { key: 'audit', href: '/admin/audit', action: 'audit.read' },
  { key: 'admins', href: '/admin/admins', action: 'admins.manage' },
  { key: 'queues', href: '/admin/queues', action: 'queues.read' },
];

/** The console's menu: only the sections the signed-in admin's role opens. */
export function useAdminNav(): Array<{ href: string; label: string }> {
  const t = useTranslations('admin.nav');
  const me = useAdminMe();
  return ADMIN_SECTIONS.filter((section) => adminMay(me, section.action)).map((section) => ({
    href: section.href,
    label: t(section.key),
  }));
}
