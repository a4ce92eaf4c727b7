'use client';
import { Button, Text } from '@mantine/core';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFavouriteDrivers } from './favourite-drivers';
import { useErrorText } from './use-error-text';

/** On the driver's card of a completed ride: make them a favourite (asked first next time), or no longer. */
export function FavouriteToggle(props: { driverId: string }) {
  const t = useTranslations('favourites');
  const errorText = useErrorText();
  const favourites = useFavouriteDrivers();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (favourites.items === null) return null;
  const isFavourite = favourites.items.some((f) => f.driverId === props.driverId);

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      if (isFavourite) await favourites.remove(props.driverId);
      else await favourites.add(props.driverId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        mt="xs"
        size="xs"
        // Filled when on: a light variant in this dark shade would paint its text in nearly the same pink.
        variant={isFavourite ? 'filled' : 'outline'}
        color={isFavourite ? 'pink.8' : 'indigo.8'}
        aria-pressed={isFavourite}
        loading={busy}
        onClick={() => void toggle()}
        data-testid="favourite-toggle"
        data-favourite={isFavourite}
      >
        {isFavourite ? `♥ ${t('isFavourite')} · ${t('remove')}` : `♡ ${t('add')}`}
      </Button>
      {error && (
        <Text size="xs" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </>
  );
}
