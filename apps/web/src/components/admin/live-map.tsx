'use client';
import { Skeleton } from '@mantine/core';
import type { LiveDriver, LiveRide } from '@truck4u/logic';
import dynamic from 'next/dynamic';
import { useRuntimeConfig } from '@/components/providers';

export interface LiveMapProps {
  drivers: LiveDriver[];
  rides: LiveRide[];
  selectedRideId?: string | null;
  onOpenRide: (rideId: string) => void;
  labels: { ONLINE: string; ON_RIDE: string; OFFLINE: string };
  tileUrl?: string;
  attribution?: string;
}

const Impl = dynamic(() => import('./live-map.impl'), {
  ssr: false,
  loading: () => <Skeleton height="clamp(320px, 60vh, 640px)" radius="md" />,
});

/** The operations map: online drivers (green, orange on a ride) and active rides' pickups (blue). */
export function LiveMap(props: Omit<LiveMapProps, 'tileUrl' | 'attribution'> & { ariaLabel: string }) {
  const runtime = useRuntimeConfig();
  return (
    <section
      aria-label={props.ariaLabel}
      style={{ isolation: 'isolate' }}
      data-testid="admin-live-map"
      data-drivers={props.drivers.length}
      data-rides={props.rides.length}
    >
      <Impl {...props} tileUrl={runtime.tileUrl} attribution={runtime.tileAttribution} />
    </section>
  );
}
