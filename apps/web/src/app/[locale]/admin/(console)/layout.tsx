'use client';
import type { ReactNode } from 'react';
import { useAdminNav } from '@/components/admin/admin-nav';
import { RequireAdmin } from '@/components/admin/require-admin';
import { Shell } from '@/components/app-shell';

export default function AdminConsoleLayout(props: { children: ReactNode }) {
  return (
    <Shell nav={useAdminNav()}>
      <RequireAdmin>{props.children}</RequireAdmin>
    </Shell>
  );
}
