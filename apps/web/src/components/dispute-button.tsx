'use client';
import { Alert, Button, FileInput, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { DISPUTE_REASONS, type DisputeReason, UPLOAD_LIMITS } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { getApi } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

/** Either party reports a problem with the ride to support, with photos or documents as evidence. */
export function DisputeButton(props: { rideId: string }) {
  const t = useTranslations('dispute');
  const errorText = useErrorText();
  const [opened, modal] = useDisclosure(false);
  const [reason, setReason] = useState<DisputeReason | null>(null);
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function send() {
    if (!reason) return;
    setBusy(true);
    setError(null);
    try {
      const uploads = [];
      for (const file of files) uploads.push(await getApi().uploads.send('DISPUTE_EVIDENCE', file));
      await getApi().disputes.open(props.rideId, {
        reason,
        description: description.trim(),
        ...(uploads.length > 0 ? { uploadIds: uploads.map((u) => u.id) } : {}),
      });
      setSent(true);
      modal.close();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <Text size="sm" role="status" data-testid="dispute-sent">
        {t('sent')}
      </Text>
    );
  }
  return (
    <>
      <Button variant="subtle" color="gray.8" onClick={modal.open} data-testid="open-dispute">
        {t('open')}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t('open')} centered>
        <Stack>
          <Select
            label={t('reason')}
            data={DISPUTE_REASONS.map((value) => ({ value, label: t(`reasons.${value}`) }))}
            value={reason}
            onChange={(value) => setReason(value as DisputeReason | null)}
            data-testid="dispute-reason"
          />
          <Textarea
            label={t('description')}
            minRows={3}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            data-testid="dispute-description"
          />
          <FileInput
            multiple
            clearable
            accept={UPLOAD_LIMITS.DISPUTE_EVIDENCE.contentTypes.join(',')}
            value={files}
            onChange={setFiles}
          />
          {error && <Alert color="red">{error}</Alert>}
          <Button
            onClick={() => void send()}
            loading={busy}
            disabled={!reason || description.trim().length < 10}
            data-testid="dispute-submit"
          >
            {t('send')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
