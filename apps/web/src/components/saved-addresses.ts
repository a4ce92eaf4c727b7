'use client';
import type { SaveAddress, SavedAddress } from '@truck4u/contracts';
import { useCallback, useEffect, useState } from 'react';
import { getApi } from '@/lib/app-client';

export interface SavedAddresses {
  /** Newest first; null until the first answer. */
  items: SavedAddress[] | null;
  loadError: unknown;
  save: (input: SaveAddress) => Promise<SavedAddress>;
  remove: (addressId: string) => Promise<void>;
  /** A new label for the same place (PATCH): the address keeps its id and its place in the list. */
  rename: (address: SavedAddress, label: string) => Promise<void>;
}

/** The signed-in customer's saved addresses, kept in step with what this page changes. */
export function useSavedAddresses(): SavedAddresses {
  const [items, setItems] = useState<SavedAddress[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    getApi()
      .customers.addresses()
      .then((page) => live && setItems(page.items))
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, []);

  const save = useCallback(async (input: SaveAddress) => {
    const saved = await getApi().customers.saveAddress(input);
    setItems((current) => [saved, ...(current ?? [])]);
    return saved;
  }, []);

  const remove = useCallback(async (addressId: string) => {
    await getApi().customers.deleteAddress(addressId);
    setItems((current) => (current ?? []).filter((a) => a.id !== addressId));
  }, []);

  const rename = useCallback(async (address: SavedAddress, label: string) => {
    const renamed = await getApi().customers.renameAddress(address.id, label);
    setItems((current) => (current ?? []).map((a) => (a.id === address.id ? renamed : a)));
  }, []);

  return { items, loadError, save, remove, rename };
}
