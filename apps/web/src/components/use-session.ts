'use client';
import type { SessionState } from '@truck4u/logic';
import { useStore } from 'zustand';
import { sessionStore } from '@/lib/app-client';

export function useSession(): SessionState {
  return useStore(sessionStore);
}
