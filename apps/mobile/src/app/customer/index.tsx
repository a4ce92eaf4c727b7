import type { PriceEstimateResponse, VehicleType } from '@truck4u/contracts';
import {
  formatDistance,
  formatWeight,
  newIdempotencyKey,
  type PlaceSuggestion,
  VEHICLE_CAPACITY_KG,
  VEHICLE_TYPE_LIST,
} from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import { Button, Card, ChoiceChips, Input, mutedText, Notice, PriceTag, Toggle } from '@truck4u/ui';
import { useRouter } from 'expo-router';
import { useEffect, useRef, useState } from 'react';
import { Text, View } from 'react-native';
import { PlaceField } from '../../components/place-field';
import { Screen } from '../../components/screen';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../services/services-context';

/** Post a ride: where from, where to, which vehicle, what cargo; the estimate updates as the form fills. */
export default function PostRide() {
  const { t, locale, format, errorText } = useI18n();
  const { api } = useServices();
  const router = useRouter();
  const [pickup, setPickup] = useState<PlaceSuggestion | null>(null);
  const [dropoff, setDropoff] = useState<PlaceSuggestion | null>(null);
  const [vehicleType, setVehicleType] = useState<VehicleType>('SMALL_VAN');
  const [description, setDescription] = useState('');
  const [weight, setWeight] = useState('');
  const [loadAssistance, setLoadAssistance] = useState(false);
  const [estimate, setEstimate] = useState<PriceEstimateResponse | null>(null);
  // One key per "post" action, kept while that action is retried, so a lost answer never makes two rides.
  const pendingKey = useRef<string | null>(null);

  useEffect(() => {
    setEstimate(null);
    if (!pickup || !dropoff) return;
    let current = true;
    void api.pricing
      .estimate({ pickup, dropoff, vehicleType, loadAssistance })
      .then((e) => current && setEstimate(e))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, pickup, dropoff, vehicleType, loadAssistance]);

  const weightKg = Number.parseInt(weight, 10);
  const tooHeavy = Number.isFinite(weightKg) && weightKg > VEHICLE_CAPACITY_KG[vehicleType];
  const ready = pickup && dropoff && description.trim().length >= 2 && weightKg > 0 && !tooHeavy;

  const post = useAction(async () => {
    if (!pickup || !dropoff) return;
    pendingKey.current ??= newIdempotencyKey();
    const ride = await api.rides.create(
      {
        pickup: { lat: pickup.lat, lng: pickup.lng, address: pickup.label },
        dropoff: { lat: dropoff.lat, lng: dropoff.lng, address: dropoff.label },
        vehicleType,
        cargo: { description: description.trim(), weightKg },
        loadAssistance,
      },
      pendingKey.current,
    );
    pendingKey.current = null;
    setPickup(null);
    setDropoff(null);
    setDescription('');
    setWeight('');
    router.push({ pathname: '/customer/rides/[id]', params: { id: ride.id } });
  });

  return (
    <Screen title={t.post.title}>
      <Card>
        <PlaceField
          label={t.post.pickup}
          placeholder={t.post.searchPlaceholder}
          value={pickup}
          onChange={setPickup}
          testID="pickup-input"
        />
        <PlaceField
          label={t.post.dropoff}
          placeholder={t.post.searchPlaceholder}
          value={dropoff}
          onChange={setDropoff}
          testID="dropoff-input"
        />
      </Card>
      <Card title={t.post.vehicle}>
        <ChoiceChips
          value={vehicleType}
          onChange={setVehicleType}
          choices={VEHICLE_TYPE_LIST.map((type) => ({
            value: type,
            label: t.vehicle[type],
            hint: format(t.vehicle.capacity, { kg: formatWeight(VEHICLE_CAPACITY_KG[type], locale) }),
            testID: `vehicle-${type}`,
          }))}
        />
      </Card>
      <Card title={t.post.cargo}>
        <Input
          label={t.post.cargoDescription}
          placeholder={t.post.cargoPlaceholder}
          value={description}
          onChangeText={setDescription}
          multiline
          testID="cargo-description"
        />
        <Input
          label={t.post.weight}
          value={weight}
          onChangeText={setWeight}
          keyboardType="number-pad"
          testID="cargo-weight"
          error={tooHeavy ? t.post.tooHeavy : null}
        />
        <View
          style={{ flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}
        >
          <Text style={{ flex: 1 }}>{t.post.loadAssistance}</Text>
          <Toggle
            value={loadAssistance}
            onValueChange={setLoadAssistance}
            label={t.post.loadAssistance}
            testID="load-assistance"
          />
        </View>
      </Card>
      {estimate ? (
        <Card title={t.post.estimate}>
          <PriceTag millimes={estimate.amount} locale={locale} size="lg" testID="estimate" />
          <Text style={mutedText}>
            {t.post.distance} : {formatDistance(estimate.roadDistanceMeters, locale)}
          </Text>
          <Text style={mutedText}>{t.post.estimateHint}</Text>
        </Card>
      ) : (
        <Text style={mutedText}>{t.post.needPlaces}</Text>
      )}
      <Notice testID="post-error" text={errorText(post.error)} />
      <Button
        label={t.post.submit}
        testID="post-ride"
        large
        disabled={!ready}
        loading={post.busy}
        onPress={() => void post.run()}
      />
    </Screen>
  );
}
