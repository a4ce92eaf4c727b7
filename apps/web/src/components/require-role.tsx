'use client';
import { Center, Loader } from '@mantine/core';
import type { Role } from '@truck4u/contracts';
import { useLocale } from 'next-intl';
import { type ReactNode, startTransition, useEffect, useState } from 'react';
import { useRouter } from '@/i18n/navigation';
import { getRealtime } from '@/lib/app-client';
import { whenIdle } from '@/lib/when-idle';
import { useSession } from './use-session';

export function homeOf(role: Role): string {
  return role === 'driver' ? '/driver' : role === 'admin' ? '/admin' : '/app';
}

/**
 * Renders its page only for a signed-in user of `role`. A session that ends (logout elsewhere, suspension,
 * `session:revoked`) sends the page to the login screen at once, with the reason.
 */
export function RequireRole(props: { allowed: Role; children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const locale = useLocale();
  const isAllowed = session.status === 'signedIn' && session.user?.role === props.allowed;
  // The page's first render after sign-in is its heaviest: render it as a transition, which React splits into
  // short tasks (a store update alone renders synchronously, in one long task that blocks input).
  const [isShown, setShown] = useState(false);
  useEffect(() => {
    startTransition(() => setShown(isAllowed));
  }, [isAllowed]);
  useEffect(() => {
    if (session.status === 'signedOut') {
      const reason = session.endedReason ? `?reason=${encodeURIComponent(session.endedReason)}` : '';
      router.replace(`/login${reason}`);
    } else if (session.status === 'signedIn' && session.user && session.user.role !== props.allowed) {
      router.replace(homeOf(session.user.role));
    } else if (session.status === 'signedIn') {
      // Once the page has started: the socket's set-up is not worth delaying the first render for (a live
      // page's own hooks connect at once if they need to; connecting twice is a no-op).
      const idle = whenIdle(() => getRealtime().connect(), 1_000);
      return () => idle.cancel();
    }
  }, [session.status, session.user, session.endedReason, props.allowed, router]);
  if (!isAllowed || !isShown) {
    return (
      <Center h="60vh" aria-busy="true" lang={locale}>
        <Loader aria-label="…" />
      </Center>
    );
  }
  return <>{props.children}</>;
}
