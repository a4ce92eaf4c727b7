'use client';
import { Center, Loader } from '@mantine/core';
import { useParams, useSearchParams } from 'next/navigation';
import { Suspense, useEffect } from 'react';
import { useSession } from '@/components/use-session';
import { useRouter } from '@/i18n/navigation';
import { getApi } from '@/lib/app-client';

/** Where Flouci sends the payer back (FRONTEND_URL/payments/:id?result=): on to the ride or the wallet. */
function PaymentReturn() {
  const { id } = useParams<{ id: string }>();
  const result = useSearchParams().get('result') ?? 'pending';
  const session = useSession();
  const router = useRouter();
  useEffect(() => {
    if (session.status === 'signedOut') router.replace('/login');
    if (session.status !== 'signedIn') return;
    const wallet = session.user?.role === 'driver' ? '/driver/wallet' : '/app/wallet';
    getApi()
      .payments.get(id)
      .then((p) => router.replace(p.rideId ? `/app/rides/${p.rideId}?payment=${result}` : wallet))
      .catch(() => router.replace(wallet));
  }, [session.status, session.user, id, result, router]);
  return (
    <Center h="60vh">
      <Loader aria-label="…" />
    </Center>
  );
}

export default function PaymentReturnPage() {
  return (
    <Suspense>
      <PaymentReturn />
    </Suspense>
  );
}
