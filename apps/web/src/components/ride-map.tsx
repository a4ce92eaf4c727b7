'use client';
import { Skeleton } from '@mantine/core';
import dynamic from 'next/dynamic';
import { useRuntimeConfig } from './providers';

export interface RideMapProps {
  pickup?: { lat: number; lng: number } | null;
  dropoff?: { lat: number; lng: number } | null;
  truck?: { lat: number; lng: number } | null;
  onPick?: (point: { lat: number; lng: number }) => void;
  labels: { pickup: string; dropoff: string; truck: string };
  /** CSS height; by default shorter on phones so the form stays in view. */
  height?: number | string;
  tileUrl?: string;
  attribution?: string;
}

// Leaflet needs the DOM, and its ~40 KB load after the page is interactive.
const Impl = dynamic(() => import('./ride-map.impl'), {
  ssr: false,
  loading: () => <Skeleton height="clamp(200px, 38vh, 320px)" radius="md" />,
});

/** The ride's map: pickup, dropoff, the truck when it moves; tiles from TILE_URL (a plain map without). */
export function RideMap(props: Omit<RideMapProps, 'tileUrl' | 'attribution'> & { ariaLabel: string }) {
  const runtime = useRuntimeConfig();
  return (
    // `isolation` keeps Leaflet's stacked panes (z-index 400+) under the page header when scrolling.
    <section aria-label={props.ariaLabel} style={{ isolation: 'isolate' }}>
      <Impl {...props} tileUrl={runtime.tileUrl} attribution={runtime.tileAttribution} />
    </section>
  );
}
