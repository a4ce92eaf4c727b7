'use client';
import { Alert, Button, FileInput, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { MAX_PROOF_PHOTOS, type Proof, type ProofStage, UPLOAD_LIMITS } from '@truck4u/contracts';
import { formatTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { getApi, getRealtime } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

/** A photo of a proof, fetched through its short-lived download URL (never a public address). */
function ProofPhoto(props: { uploadId: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getApi()
      .uploads.get(props.uploadId)
      .then((upload) => live && setSrc(upload.downloadUrl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.uploadId]);
  if (!src) return <Paper h={96} bg="gray.1" radius="sm" />;
  return <Image src={src} alt={props.alt} h={96} fit="cover" radius="sm" data-testid="proof-photo" />;
}

/**
 * Pickup and delivery photos of a ride, live. `uploadStage` (the driver's page) adds the form that sends new
 * photos for that stage.
 */
export function RideProofs(props: { rideId: string; uploadStage?: ProofStage | null }) {
  const t = useTranslations('proofs');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [proofs, setProofs] = useState<Proof[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setProofs((await getApi().proofs.list(props.rideId)).items);
    } catch (e) {
      setError(errorText(e));
    }
  }, [props.rideId, errorText]);

  useEffect(() => {
    void load();
    return getRealtime().on('proof:new', ({ rideId, proof }) => {
      if (rideId === props.rideId)
        setProofs((current) => [...current.filter((p) => p.id !== proof.id), proof]);
    });
  }, [props.rideId, load]);

  async function send(stage: ProofStage) {
    setBusy(true);
    setError(null);
    try {
      const uploads = [];
      for (const file of files) uploads.push(await getApi().uploads.send('PROOF_PHOTO', file));
      const proof = await getApi().proofs.add(props.rideId, { stage, uploadIds: uploads.map((u) => u.id) });
      setProofs((current) => [...current.filter((p) => p.id !== proof.id), proof]);
      setFiles([]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (proofs.length === 0 && !props.uploadStage) return null;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="proofs-title"
      data-testid="proofs"
    >
      <Title order={3} id="proofs-title" size="h4" mb="xs">
        {t('title')}
      </Title>
      <Stack gap="sm">
        {proofs.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('none')}
          </Text>
        )}
        {proofs.map((proof) => (
          <div key={proof.id} data-testid="proof" data-stage={proof.stage}>
            <Text size="sm" fw={600}>
              {t(proof.stage)} · {formatTime(proof.createdAt, locale)}
            </Text>
            {proof.note && (
              <Text size="sm">
                <bdi>{proof.note}</bdi>
              </Text>
            )}
            <SimpleGrid cols={{ base: 3, sm: 5 }} spacing={6} mt={4}>
              {proof.uploadIds.map((uploadId, index) => (
                <ProofPhoto key={uploadId} uploadId={uploadId} alt={t('photo', { index: index + 1 })} />
              ))}
            </SimpleGrid>
          </div>
        ))}
        {error && <Alert color="red">{error}</Alert>}
        {props.uploadStage && (
          <Stack gap="xs">
            <FileInput
              multiple
              label={`${t('add')} · ${t(props.uploadStage)}`}
              accept={UPLOAD_LIMITS.PROOF_PHOTO.contentTypes.join(',')}
              value={files}
              onChange={(next) => setFiles(next.slice(0, MAX_PROOF_PHOTOS))}
              data-testid="proof-file"
              clearable
            />
            <Button
              disabled={files.length === 0}
              loading={busy}
              data-testid="proof-submit"
              onClick={() => props.uploadStage && void send(props.uploadStage)}
            >
              {t('send')}
            </Button>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
