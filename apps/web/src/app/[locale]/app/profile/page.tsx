'use client';
import { Grid, Title } from '@mantine/core';
import { useTranslations } from 'next-intl';
import { useFavouriteDrivers } from '@/components/favourite-drivers';
import { FavouriteDriversPanel } from '@/components/favourite-drivers-panel';
import { useSavedAddresses } from '@/components/saved-addresses';
import { SavedAddressesPanel } from '@/components/saved-addresses-panel';

/** The customer's profile: the places they post from and to, and the drivers they ask first. */
export default function CustomerProfilePage() {
  const t = useTranslations();
  const addresses = useSavedAddresses();
  const favourites = useFavouriteDrivers();
  return (
    <>
      <Title order={2} mb="md">
        {t('profile.title')}
      </Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <SavedAddressesPanel addresses={addresses} placeholder={t('post.searchPlaceholder')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <FavouriteDriversPanel favourites={favourites} />
        </Grid.Col>
      </Grid>
    </>
  );
}
