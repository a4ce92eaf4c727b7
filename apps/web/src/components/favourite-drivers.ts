'use client';
import type { FavouriteDriver } from '@truck4u/contracts';
import { useCallback, useEffect, useState } from 'react';
import { getApi } from '@/lib/app-client';

export interface FavouriteDrivers {
  /** Null until the first answer. */
  items: FavouriteDriver[] | null;
  loadError: unknown;
  add: (driverId: string) => Promise<void>;
  remove: (driverId: string) => Promise<void>;
}

/** The signed-in customer's favourite drivers, kept in step with what this page changes. */
export function useFavouriteDrivers(): FavouriteDrivers {
  const [items, setItems] = useState<FavouriteDriver[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    getApi()
      .customers.favouriteDrivers()
      .then((page) => live && setItems(page.items))
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, []);

  const add = useCallback(async (driverId: string) => {
    const favourite = await getApi().customers.addFavourite(driverId);
    setItems((current) => [favourite, ...(current ?? []).filter((f) => f.driverId !== driverId)]);
  }, []);

  const remove = useCallback(async (driverId: string) => {
    await getApi().customers.removeFavourite(driverId);
    setItems((current) => (current ?? []).filter((f) => f.driverId !== driverId));
  }, []);

  return { items, loadError, add, remove };
}
