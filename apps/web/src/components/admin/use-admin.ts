'use client';
import type { AdminAction, AdminMe } from '@truck4u/contracts';
import { adminMay } from '@truck4u/logic';
import { useStore } from 'zustand';
import { adminMeStore } from './admin-client';

export function useAdminMe(): AdminMe | null {
  return useStore(adminMeStore, (state) => state.me);
}

/** Whether the signed-in admin's role allows `action` (the console hides what it does not). */
export function useAdminMay(action: AdminAction): boolean {
  return adminMay(useAdminMe(), action);
}
