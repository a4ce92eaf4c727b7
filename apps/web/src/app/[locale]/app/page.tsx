'use client';
import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { PriceEstimateResponse, VehicleType } from '@truck4u/contracts';
import {
  formatDistance,
  formatTnd,
  formatWeight,
  type Locale,
  newIdempotencyKey,
  VEHICLE_CAPACITY_KG,
  VEHICLE_TYPE_LIST,
} from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useFavouriteDrivers } from '@/components/favourite-drivers';
import { type PickedPlace, PlaceField } from '@/components/place-field';
import { RideMap } from '@/components/ride-map';
import { SavedAddressPicker } from '@/components/saved-address-picker';
import { useSavedAddresses } from '@/components/saved-addresses';
import { type StopDraft, StopsEditor, stopAddress } from '@/components/stops-editor';
import { useErrorText } from '@/components/use-error-text';
import { useRouter } from '@/i18n/navigation';
import { getApi } from '@/lib/app-client';

export default function PostRidePage() {
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const router = useRouter();
  const [pickup, setPickup] = useState<PickedPlace | null>(null);
  const [dropoff, setDropoff] = useState<PickedPlace | null>(null);
  const [vehicleType, setVehicleType] = useState<VehicleType>('SMALL_VAN');
  const [description, setDescription] = useState('');
  const [weightKg, setWeightKg] = useState<number | ''>('');
  const [loadAssistance, setLoadAssistance] = useState(false);
  const [scheduled, setScheduled] = useState(false);
  const [scheduledAt, setScheduledAt] = useState('');
  const [offeredPrice, setOfferedPrice] = useState<number | ''>('');
  const [recipientName, setRecipientName] = useState('');
  const [recipientPhone, setRecipientPhone] = useState('');
  const [stops, setStops] = useState<StopDraft[]>([]);
  const [favouritesFirst, setFavouritesFirst] = useState(false);
  const addresses = useSavedAddresses();
  const favourites = useFavouriteDrivers();
  const hasFavourites = (favourites.items?.length ?? 0) > 0;
  const [estimate, setEstimate] = useState<PriceEstimateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per intent to post: a retry after a network error cannot create a second ride.
  const idempotencyKey = useRef(newIdempotencyKey());

  // The stops chosen so far, in order; a stop still without an address is left out of the map and the price.
  const stopPlaces = useMemo(
    () => stops.flatMap((s) => (s.place ? [{ lat: s.place.lat, lng: s.place.lng }] : [])),
    [stops],
  );
  const stopsKey = JSON.stringify(stopPlaces);

  // biome-ignore lint/correctness/useExhaustiveDependencies: stopsKey stands for stopPlaces (a new array per edit of a note)
  useEffect(() => {
    if (!pickup || !dropoff) {
      setEstimate(null);
      return;
    }
    let live = true;
    getApi()
      .pricing.estimate({ pickup, dropoff, vehicleType, loadAssistance, stops: stopPlaces })
      .then((e) => live && setEstimate(e))
      .catch(() => live && setEstimate(null));
    return () => {
      live = false;
    };
  }, [pickup, dropoff, vehicleType, loadAssistance, stopsKey]);

  const pickOnMap = (point: { lat: number; lng: number }) => {
    const place = {
      ...point,
      address: `${t('post.pickedOnMap')} (${point.lat.toFixed(4)}, ${point.lng.toFixed(4)})`,
    };
    if (!pickup) setPickup(place);
    else setDropoff(place);
  };

  const tooHeavy = typeof weightKg === 'number' && weightKg > VEHICLE_CAPACITY_KG[vehicleType];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!pickup || !dropoff) {
      setError(t('post.needPlaces'));
      return;
    }
    if (stops.some((s) => !s.place)) {
      setError(t('routeStops.needPlace'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ride = await getApi().rides.create(
        {
          pickup,
          dropoff,
          vehicleType,
          cargo: { description, weightKg: Number(weightKg) },
          loadAssistance,
          ...(scheduled && scheduledAt ? { scheduledAt: new Date(scheduledAt).toISOString() } : {}),
          ...(offeredPrice !== '' && offeredPrice > 0
            ? { offeredPrice: Math.round(offeredPrice * 1000) }
            : {}),
          ...(stops.length > 0
            ? {
                stops: stops.flatMap((s) =>
                  s.place
                    ? [{ lat: s.place.lat, lng: s.place.lng, address: stopAddress(s.place, s.note) }]
                    : [],
                ),
              }
            : {}),
          // Only while the choice is on screen: it is hidden (and means nothing) once the customer has no favourite.
          ...(hasFavourites && favouritesFirst ? { favouritesFirst: true } : {}),
          ...(recipientName.trim() && recipientPhone.trim()
            ? { recipient: { name: recipientName.trim(), phone: recipientPhone.trim() } }
            : {}),
        },
        idempotencyKey.current,
      );
      idempotencyKey.current = newIdempotencyKey();
      router.push(`/app/rides/${ride.id}`);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Title order={2} mb="md">
        {t('post.title')}
      </Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <PlaceField
              label={t('post.pickup')}
              placeholder={t('post.searchPlaceholder')}
              value={pickup}
              onChange={setPickup}
              testId="pickup-input"
            />
            <SavedAddressPicker field="pickup" addresses={addresses} value={pickup} onPick={setPickup} />
            <StopsEditor
              stops={stops}
              onChange={setStops}
              addresses={addresses}
              placeholder={t('post.searchPlaceholder')}
            />
            <PlaceField
              label={t('post.dropoff')}
              placeholder={t('post.searchPlaceholder')}
              value={dropoff}
              onChange={setDropoff}
              testId="dropoff-input"
            />
            <SavedAddressPicker field="dropoff" addresses={addresses} value={dropoff} onPick={setDropoff} />
            <RideMap
              ariaLabel={t('post.mapHint')}
              pickup={pickup}
              dropoff={dropoff}
              stops={stopPlaces}
              onPick={pickOnMap}
              labels={{
                pickup: t('ride.from'),
                dropoff: t('ride.to'),
                truck: '',
                stop: (index) => t('routeStops.onMap', { index }),
              }}
            />
            <Text size="sm" c="dimmed">
              {t('post.mapHint')}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <Text component="legend" fw={600} mb="xs">
                {t('post.vehicle')}
              </Text>
              <SimpleGrid
                cols={{ base: 2, sm: 3 }}
                spacing="xs"
                role="radiogroup"
                aria-label={t('post.vehicle')}
              >
                {VEHICLE_TYPE_LIST.map((type) => (
                  <UnstyledButton
                    key={type}
                    role="radio"
                    aria-checked={vehicleType === type}
                    data-testid={`vehicle-${type}`}
                    onClick={() => setVehicleType(type)}
                    p="sm"
                    style={{
                      border: `2px solid var(--mantine-color-${vehicleType === type ? 'indigo-8' : 'gray-3'})`,
                      borderRadius: 8,
                      background: vehicleType === type ? 'var(--mantine-color-indigo-0)' : undefined,
                    }}
                  >
                    <Text fw={600} size="sm">
                      {t(`vehicle.${type}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('vehicle.capacity', { kg: formatWeight(VEHICLE_CAPACITY_KG[type], locale) })}
                    </Text>
                  </UnstyledButton>
                ))}
              </SimpleGrid>
            </fieldset>
            <Textarea
              label={t('post.cargoDescription')}
              placeholder={t('post.cargoPlaceholder')}
              required
              autosize
              minRows={2}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              data-testid="cargo-description"
            />
            <NumberInput
              label={t('post.weight')}
              required
              min={1}
              max={40_000}
              value={weightKg}
              onChange={(v) => setWeightKg(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
              error={tooHeavy ? t('post.tooHeavy') : undefined}
              data-testid="cargo-weight"
            />
            <Checkbox
              label={t('post.loadAssistance')}
              checked={loadAssistance}
              onChange={(e) => setLoadAssistance(e.currentTarget.checked)}
            />
            <Checkbox
              label={t('post.schedule')}
              checked={scheduled}
              onChange={(e) => setScheduled(e.currentTarget.checked)}
            />
            {scheduled && (
              <TextInput
                type="datetime-local"
                label={t('post.scheduledAt')}
                value={scheduledAt}
                onChange={(e) => setScheduledAt(e.currentTarget.value)}
              />
            )}
            {hasFavourites && (
              <Checkbox
                label={t('favourites.first')}
                description={t('favourites.firstHint')}
                checked={favouritesFirst}
                onChange={(e) => setFavouritesFirst(e.currentTarget.checked)}
                data-testid="favourites-first"
              />
            )}
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('delivery.recipient')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('delivery.recipientHint')}
              </Text>
              <Group grow>
                <TextInput
                  label={t('delivery.recipientName')}
                  value={recipientName}
                  onChange={(e) => setRecipientName(e.currentTarget.value)}
                  data-testid="recipient-name"
                />
                <TextInput
                  label={t('delivery.recipientPhone')}
                  type="tel"
                  dir="ltr"
                  value={recipientPhone}
                  onChange={(e) => setRecipientPhone(e.currentTarget.value)}
                  data-testid="recipient-phone"
                />
              </Group>
            </Stack>
            <NumberInput
              label={t('negotiation.offeredPrice')}
              value={offeredPrice}
              onChange={(value) => setOfferedPrice(typeof value === 'number' ? value : '')}
              min={1}
              decimalScale={3}
              data-testid="offered-price"
            />
            <Paper withBorder p="md" radius="md" bg="gray.0" aria-live="polite">
              <Group justify="space-between" align="flex-start">
                <div>
                  <Text size="sm" fw={600}>
                    {t('post.estimate')}
                  </Text>
                  <Text size="xs" c="dimmed" maw={260}>
                    {t('post.estimateHint')}
                  </Text>
                </div>
                <div style={{ textAlign: 'end' }}>
                  <Text size="xl" fw={700} data-testid="estimate" data-amount={estimate?.amount}>
                    {estimate ? formatTnd(estimate.amount, locale) : '—'}
                  </Text>
                  {estimate && (
                    <Text size="xs" c="dimmed">
                      {t('post.distance')} {formatDistance(estimate.roadDistanceMeters, locale)}
                    </Text>
                  )}
                  {estimate?.band && (
                    <Text size="xs" c="dimmed" data-testid="price-band" data-basis={estimate.band.basis}>
                      {t('negotiation.band', {
                        low: formatTnd(estimate.band.low, locale),
                        high: formatTnd(estimate.band.high, locale),
                      })}
                    </Text>
                  )}
                </div>
              </Group>
            </Paper>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" size="lg" loading={busy} data-testid="post-ride">
              {t('post.submit')}
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>
    </form>
  );
}
