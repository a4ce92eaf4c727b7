'use client';
import { Alert, Center, Loader } from '@mantine/core';
import type { AdminAction } from '@truck4u/contracts';
import { adminMay } from '@truck4u/logic';
import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect } from 'react';
import { useStore } from 'zustand';
import { homeOf } from '@/components/require-role';
import { useErrorText } from '@/components/use-error-text';
import { useSession } from '@/components/use-session';
import { useRouter } from '@/i18n/navigation';
import { getRealtime } from '@/lib/app-client';
import { adminMeStore, loadAdminMe } from './admin-client';

function Busy() {
  return (
    <Center h="60vh" aria-busy="true">
      <Loader aria-label="…" />
    </Center>
  );
}

/**
 * The console's guard: a signed-in admin only, with their permissions loaded. A session that ends (logout
 * elsewhere, deactivation) sends the page to the admin sign-in at once, with the reason.
 */
export function RequireAdmin(props: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const { me, error } = useStore(adminMeStore);
  const errorText = useErrorText();
  const isAdmin = session.status === 'signedIn' && session.user?.role === 'admin';
  useEffect(() => {
    if (session.status === 'signedOut') {
      const reason = session.endedReason ? `?reason=${encodeURIComponent(session.endedReason)}` : '';
      router.replace(`/admin/login${reason}`);
    } else if (session.status === 'signedIn' && session.user && session.user.role !== 'admin') {
      router.replace(homeOf(session.user.role));
    } else if (isAdmin) {
      void loadAdminMe();
      getRealtime().connect();
    }
  }, [session.status, session.user, session.endedReason, isAdmin, router]);
  if (!isAdmin) return <Busy />;
  if (!me && error) {
    return (
      <Alert color="red" role="alert" m="md">
        {errorText(error)}
      </Alert>
    );
  }
  if (!me) return <Busy />;
  return <>{props.children}</>;
}

/** A page (or part of one) for admins whose role allows `action`; the others are told, not shown it. */
export function AdminOnly(props: { action: AdminAction; children: ReactNode }) {
  const t = useTranslations('admin.common');
  const me = useStore(adminMeStore, (state) => state.me);
  if (!adminMay(me, props.action)) {
    return (
      <Alert color="orange" role="status" data-testid="admin-forbidden">
        {t('forbidden')}
      </Alert>
    );
  }
  return <>{props.children}</>;
}
