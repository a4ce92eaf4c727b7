'use client';
import type { ReactNode } from 'react';
import { Shell, useDriverNav } from '@/components/app-shell';
import { RequireRole } from '@/components/require-role';

export default function DriverLayout(props: { children: ReactNode }) {
  return (
    <Shell nav={useDriverNav()}>
      <RequireRole allowed="driver">{props.children}</RequireRole>
    </Shell>
  );
}
