import { MAX_PROOF_PHOTOS, type Proof, type ProofStage, type RideStatus } from '@truck4u/contracts';
import { formatTime, isApiError } from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import { Button, Card, colors, mutedText, Notice, radii, spacing } from '@truck4u/ui';
import { useCallback, useEffect, useState } from 'react';
import { Image, StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';
import { PhotoPicker, type PickedFile, sendPhotos } from './photo-picker';

/**
 * Which photos the driver may add now. The api's windows (apps/api/src/modules/proofs/proofs.service.ts):
 * pickup photos from the arrival at the pickup until the arrival at the dropoff, delivery photos from then until
 * an hour after completion (the api answers CONFLICT after that hour; the screen shows it).
 */
export function proofStageOf(status: RideStatus): ProofStage | null {
  if (status === 'PICKUP_ARRIVED' || status === 'LOADING' || status === 'IN_TRANSIT') return 'PICKUP';
  if (status === 'DROPOFF_ARRIVED' || status === 'COMPLETED') return 'DELIVERY';
  return null;
}

/** A proof's photo through its short-lived download URL (files are never public). */
function ProofPhoto(props: { uploadId: string; label: string }) {
  const { api } = useServices();
  const [uri, setUri] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.uploads
      .get(props.uploadId)
      .then((upload) => live && setUri(upload.downloadUrl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, props.uploadId]);
  if (!uri) return <View style={styles.photo} />;
  return (
    <Image
      testID="proof-photo"
      accessibilityLabel={props.label}
      source={{ uri }}
      style={styles.photo}
      resizeMode="cover"
    />
  );
}

/**
 * The pickup and delivery photos of a ride, live (`proof:new`). With `uploadStage` (the driver's active ride)
 * it also takes photos for that stage and sends them: upload each, then attach them to the ride as one proof.
 */
export function ProofPhotos(props: { rideId: string; uploadStage?: ProofStage | null }) {
  const { t, locale, format, errorText } = useI18n();
  const { api, realtime } = useServices();
  const [proofs, setProofs] = useState<Proof[]>([]);
  const [photos, setPhotos] = useState<PickedFile[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  const merge = useCallback(
    (proof: Proof) => setProofs((current) => [...current.filter((p) => p.id !== proof.id), proof]),
    [],
  );
  useEffect(() => {
    let live = true;
    api.proofs
      .list(props.rideId)
      .then((page) => live && setProofs(page.items))
      .catch((error: unknown) => live && setLoadError(isApiError(error) ? error.code : 'INTERNAL_ERROR'));
    const off = realtime.on('proof:new', ({ rideId, proof }) => {
      if (rideId === props.rideId) merge(proof);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, realtime, props.rideId, merge]);

  const send = useAction(async (stage: ProofStage) => {
    const uploads = await sendPhotos(api, 'PROOF_PHOTO', photos);
    merge(await api.proofs.add(props.rideId, { stage, uploadIds: uploads.map((u) => u.id) }));
    setPhotos([]);
  });

  const stage = props.uploadStage ?? null;
  if (proofs.length === 0 && !stage) return null;
  return (
    <Card title={t.proofs.title} testID="proofs">
      {proofs.length === 0 ? <Text style={mutedText}>{t.proofs.none}</Text> : null}
      {proofs.map((proof) => (
        <View key={proof.id} testID="proof" dataSet={{ stage: proof.stage }} style={styles.proof}>
          <Text style={styles.stage}>
            {t.proofs[proof.stage]} · {formatTime(proof.createdAt, locale)}
          </Text>
          {proof.note ? <Text>{proof.note}</Text> : null}
          <View style={styles.photos}>
            {proof.uploadIds.map((uploadId, index) => (
              <ProofPhoto
                key={uploadId}
                uploadId={uploadId}
                label={format(t.proofs.photo, { index: index + 1 })}
              />
            ))}
          </View>
        </View>
      ))}
      <Notice text={errorText(loadError)} />
      {stage ? (
        <View style={styles.proof}>
          <PhotoPicker
            purpose="PROOF_PHOTO"
            label={`${t.proofs.add} · ${t.proofs[stage]}`}
            photos={photos}
            onChange={setPhotos}
            max={MAX_PROOF_PHOTOS}
            testID="proof-picker"
            disabled={send.busy}
          />
          <Notice text={errorText(send.error)} testID="proof-error" />
          <Button
            label={t.proofs.send}
            testID="proof-submit"
            dataSet={{ stage }}
            disabled={photos.length === 0}
            loading={send.busy}
            onPress={() => void send.run(stage)}
          />
        </View>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  proof: { gap: spacing.sm },
  stage: { fontWeight: '700', color: colors.text },
  photos: { flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm },
  photo: { width: 96, height: 96, borderRadius: radii.md, backgroundColor: colors.border },
});
