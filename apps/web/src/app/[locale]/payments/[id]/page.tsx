'use client';
import { Center, Loader } from '@mantine/core';
import { useParams, useSearchParams } from 'next/navigation';
import { Suspense, useEffect } from 'react';
import { useSession } from '@/components/use-session';
import { useRouter } from '@/i18n/navigation';
import { getApi } from '@/lib/app-client';

const SETTLE_POLLS = 20;
const SETTLE_POLL_MS = 500;

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
    let live = true;
    void (async () => {
      try {
        // Flouci sends the payer back as soon as they pay; its webhook settles the payment a moment later.
        // Waiting for that (a few seconds at most) means the page we forward to shows the new balance or the
        // ride as paid, not the state from before.
        let payment = await getApi().payments.get(id);
        for (let i = 0; i < SETTLE_POLLS && payment.status === 'PENDING' && result === 'success'; i++) {
          await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
          if (!live) return;
          payment = await getApi().payments.get(id);
        }
        if (!live) return;
        router.replace(payment.rideId ? `/app/rides/${payment.rideId}?payment=${result}` : wallet);
      } catch {
        if (live) router.replace(wallet);
      }
    })();
    return () => {
      live = false;
    };
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
