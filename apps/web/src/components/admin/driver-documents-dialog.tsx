'use client';
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { AdminDriver, DriverDocument, DriverDocuments } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';
import { getApi } from '@/lib/app-client';
import { getAdminApi } from './admin-client';

const COLOURS = { PENDING: 'yellow.9', APPROVED: 'green.9', REJECTED: 'red.9', EXPIRED: 'red.9' } as const;

/** Opens a document through its short-lived download URL, in a new tab. */
function ViewFile(props: { uploadId: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getApi()
      .uploads.get(props.uploadId)
      .then((upload) => live && setUrl(upload.downloadUrl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.uploadId]);
  if (!url) return null;
  return (
    <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
      {props.label} ↗
    </Anchor>
  );
}

/** One document to review: approve, or reject with a reason the driver reads. */
function ReviewRow(props: {
  document: DriverDocument;
  mayReview: boolean;
  onReviewed: (verified: boolean) => void;
}) {
  const t = useTranslations('admin.documents');
  const tKind = useTranslations('documents.kind');
  const tStatus = useTranslations('documents.status');
  const errorText = useErrorText();
  const { document } = props;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function review(approved: boolean) {
    setBusy(true);
    setError(null);
    try {
      const result = await getAdminApi().documents.review(
        document.id,
        approved,
        approved ? undefined : reason.trim(),
      );
      props.onReviewed(result.verificationStatus === 'VERIFIED');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap={4} data-testid="admin-document" data-kind={document.kind} data-status={document.status}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {tKind(document.kind)}
        </Text>
        <Badge size="sm" color={COLOURS[document.status]}>
          {tStatus(document.status)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" dir="auto">
        {[document.number, document.expiresAt, document.categories?.join(', ')].filter(Boolean).join(' · ')}
      </Text>
      {document.reason && <Text size="xs">{document.reason}</Text>}
      <ViewFile uploadId={document.uploadId} label={t('view')} />
      {error && <Alert color="red">{error}</Alert>}
      {props.mayReview && document.status === 'PENDING' && (
        <>
          {rejecting && (
            <Textarea
              label={t('rejectReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="admin-document-reason"
            />
          )}
          <Group gap="xs">
            <Button
              size="xs"
              color="green.8"
              loading={busy}
              data-testid="admin-document-approve"
              onClick={() => void review(true)}
            >
              {t('approve')}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="red"
              loading={busy}
              disabled={rejecting && reason.trim().length < 1}
              data-testid="admin-document-reject"
              onClick={() => (rejecting ? void review(false) : setRejecting(true))}
            >
              {t('reject')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

/** An admin reviews a driver's documents one by one; the last approval verifies the driver. */
export function DriverDocumentsDialog(props: {
  driver: AdminDriver | null;
  mayReview: boolean;
  onClose: () => void;
  onVerified: (driverId: string) => void;
}) {
  const t = useTranslations('admin.documents');
  const tKind = useTranslations('documents.kind');
  const errorText = useErrorText();
  const [documents, setDocuments] = useState<DriverDocuments | null>(null);
  const [error, setError] = useState<string | null>(null);
  const driverId = props.driver?.id;
  const load = useCallback(async () => {
    if (!driverId) return;
    try {
      setDocuments(await getAdminApi().documents.forDriver(driverId));
    } catch (e) {
      setError(errorText(e));
    }
  }, [driverId, errorText]);
  useEffect(() => {
    setDocuments(null);
    setError(null);
    void load();
  }, [load]);
  const current = documents?.items.filter((d) => d.isCurrent) ?? [];
  return (
    <Modal
      opened={props.driver !== null}
      onClose={props.onClose}
      title={t('title', { name: props.driver?.name ?? '' })}
      size="lg"
      centered
    >
      <Stack data-testid="admin-documents">
        {error && <Alert color="red">{error}</Alert>}
        {documents && current.length === 0 && <Text c="dimmed">{t('none')}</Text>}
        {documents && documents.missing.length > 0 && (
          <Text size="sm">
            {t('missing', { list: documents.missing.map((kind) => tKind(kind)).join(', ') })}
          </Text>
        )}
        {documents && documents.missing.length === 0 && (
          <Alert color="green" data-testid="admin-documents-complete">
            {t('verified')}
          </Alert>
        )}
        {current.map((document) => (
          <ReviewRow
            key={document.id}
            document={document}
            mayReview={props.mayReview}
            onReviewed={(verified) => {
              if (verified && driverId) props.onVerified(driverId);
              void load();
            }}
          />
        ))}
      </Stack>
    </Modal>
  );
}
