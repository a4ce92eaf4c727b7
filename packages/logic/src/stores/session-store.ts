import type { UserProfile } from '@truck4u/contracts';
import { createStore } from 'zustand/vanilla';

export type SessionStatus = 'unknown' | 'signedIn' | 'signedOut';

export interface SessionState {
  status: SessionStatus;
  user: UserProfile | null;
  /** In memory only: never written to storage on the web. */
  accessToken: string | null;
  /** Why the last session ended (an error code or a `session:revoked` reason), shown on the login screen. */
  endedReason: string | null;
  signIn(user: UserProfile, accessToken: string): void;
  setAccessToken(accessToken: string): void;
  signOut(reason?: string): void;
}

export function createSessionStore() {
  return createStore<SessionState>()((set) => ({
    status: 'unknown',
    user: null,
    accessToken: null,
    endedReason: null,
    signIn: (user, accessToken) => set({ status: 'signedIn', user, accessToken, endedReason: null }),
    setAccessToken: (accessToken) => set({ accessToken }),
    signOut: (reason) =>
      set({ status: 'signedOut', user: null, accessToken: null, endedReason: reason ?? null }),
  }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;
