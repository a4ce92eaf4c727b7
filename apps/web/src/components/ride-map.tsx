'use client';
import { Skeleton } from '@mantine/core';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { whenIdle } from '@/lib/when-idle';
import { useRuntimeConfig } from './providers';

export interface RideMapProps {
  pickup?: { lat: number; lng: number } | null;
  dropoff?: { lat: number; lng: number } | null;
  truck?: { lat: number; lng: number } | null;
  /** Stops between pickup and dropoff, in order; marked with their number. */
  stops?: ReadonlyArray<{ lat: number; lng: number }>;
  onPick?: (point: { lat: number; lng: number }) => void;
  labels: { pickup: string; dropoff: string; truck: string; stop?: (index: number) => string };
  /** CSS height; by default shorter on phones so the form stays in view. */
  height?: number | string;
  tileUrl?: string;
  attribution?: string;
}

const HEIGHT = 'clamp(200px, 38vh, 320px)';
const loadImpl = () => import('./ride-map.impl');
const Impl = dynamic(loadImpl, {
  ssr: false,
  loading: () => <Skeleton height={HEIGHT} radius="md" />,
});

/**
 * True once Leaflet's chunk is loaded, which starts when the browser is idle after the page's own first render.
 * Parsing Leaflet and setting up the map then run as separate short tasks, never inside the page's start, so a
 * phone draws and answers the form first (the map is a complement: addresses work without it).
 */
function useMapReady(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const idle = whenIdle(() => {
      void loadImpl().then(() => {
        // Render in a task of its own, after the one that evaluated the chunk.
        if (live) timer = window.setTimeout(() => setReady(true), 0);
      });
    });
    return () => {
      live = false;
      idle.cancel();
      window.clearTimeout(timer);
    };
  }, []);
  return ready;
}

/** The ride's map: pickup, dropoff, the truck when it moves; tiles from TILE_URL (a plain map without). */
export function RideMap(props: Omit<RideMapProps, 'tileUrl' | 'attribution'> & { ariaLabel: string }) {
  const runtime = useRuntimeConfig();
  const ready = useMapReady();
  return (
    // `isolation` keeps Leaflet's stacked panes (z-index 400+) under the page header when scrolling.
    <section aria-label={props.ariaLabel} style={{ isolation: 'isolate' }}>
      {ready ? (
        <Impl {...props} tileUrl={runtime.tileUrl} attribution={runtime.tileAttribution} />
      ) : (
        <Skeleton height={props.height ?? HEIGHT} radius="md" animate={false} />
      )}
    </section>
  );
}
