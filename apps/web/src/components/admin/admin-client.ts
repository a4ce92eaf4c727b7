'use client';
import type { AdminMe } from '@truck4u/contracts';
import { type AdminApi, createAdminApi } from '@truck4u/logic';
import { createStore } from 'zustand/vanilla';
import { getApi, sessionStore } from '@/lib/app-client';

let adminApi: AdminApi | null = null;

/** The admin console's calls over the page's api client (same token, same single-flight refresh). */
export function getAdminApi(): AdminApi {
  adminApi ??= createAdminApi(getApi());
  return adminApi;
}

interface AdminMeState {
  me: AdminMe | null;
  /** The admin id the `me` was loaded for, so another admin signing in on this tab reloads it. */
  forUser: string | null;
  error: unknown;
}

/** The signed-in admin's role and permissions (GET /api/admin/me), loaded once per session. */
export const adminMeStore = createStore<AdminMeState>()(() => ({ me: null, forUser: null, error: null }));

let loading: Promise<void> | null = null;

export function loadAdminMe(): Promise<void> {
  const user = sessionStore.getState().user;
  if (user?.role !== 'admin') return Promise.resolve();
  if (adminMeStore.getState().forUser === user.id && adminMeStore.getState().me) return Promise.resolve();
  loading ??= getAdminApi()
    .me()
    .then((me) => adminMeStore.setState({ me, forUser: user.id, error: null }))
    .catch((error: unknown) => adminMeStore.setState({ me: null, forUser: user.id, error }))
    .finally(() => {
      loading = null;
    });
  return loading;
}

// A new sign-in (or a sign-out) forgets the previous admin's permissions.
sessionStore.subscribe((state, previous) => {
  if (state.user?.id !== previous.user?.id) adminMeStore.setState({ me: null, forUser: null, error: null });
});
