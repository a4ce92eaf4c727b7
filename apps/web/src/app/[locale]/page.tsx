'use client';
import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { homeOf } from '@/components/require-role';
import { useSession } from '@/components/use-session';
import { useRouter } from '@/i18n/navigation';

/** The locale's root: the user's home when signed in, the login screen otherwise. */
export default function Home() {
  const session = useSession();
  const router = useRouter();
  useEffect(() => {
    if (session.status === 'signedIn' && session.user) router.replace(homeOf(session.user.role));
    if (session.status === 'signedOut') router.replace('/login');
  }, [session.status, session.user, router]);
  return (
    <Center h="60vh">
      <Loader aria-label="…" />
    </Center>
  );
}
