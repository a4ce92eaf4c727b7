'use client';
import type { ReactNode } from 'react';
import { Shell, useCustomerNav } from '@/components/app-shell';
import { RequireRole } from '@/components/require-role';

export default function CustomerLayout(props: { children: ReactNode }) {
  return (
    <Shell nav={useCustomerNav()}>
      <RequireRole allowed="customer">{props.children}</RequireRole>
    </Shell>
  );
}
