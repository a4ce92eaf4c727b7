'use client';
import {
  Alert,
  Badge,
  Button,
  Card,
  Chip,
  FileInput,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  DOCUMENT_KINDS,
  DOCUMENT_RULES,
  type DocumentKind,
  type DocumentStatus,
  type DriverDocument,
  type DriverDocuments,
  LICENCE_CATEGORIES,
  type LicenceCategory,
  UPLOAD_LIMITS,
} from '@truck4u/contracts';
import { documentSubmission, formatDate, hasRequiredDocumentFields, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';
import { getApi, getRealtime } from '@/lib/app-client';

const STATUS_COLORS: Record<DocumentStatus, string> = {
  PENDING: 'yellow.8',
  APPROVED: 'green.9',
  REJECTED: 'red.9',
  EXPIRED: 'red.9',
};
const LIMITS = UPLOAD_LIMITS.DRIVER_DOCUMENT;

interface Draft {
  file: File | null;
  number: string;
  issuedAt: string;
  expiresAt: string;
  categories: LicenceCategory[];
}
const EMPTY: Draft = { file: null, number: '', issuedAt: '', expiresAt: '', categories: [] };

/** One kind: its current document (status, reason) and the form that sends a new one. */
function DocumentCard(props: { kind: DocumentKind; current?: DriverDocument; onSent: () => Promise<void> }) {
  const t = useTranslations('documents');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const rules = DOCUMENT_RULES[props.kind];
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = props.current;
  const canSend = draft.file !== null && hasRequiredDocumentFields(props.kind, draft);
  // An approved, unexpired document needs nothing; any other state invites a (new) submission.
  const showForm = current?.status !== 'APPROVED' && current?.status !== 'PENDING';

  async function send() {
    if (!draft.file) return;
    setBusy(true);
    setError(null);
    try {
      const upload = await getApi().uploads.send('DRIVER_DOCUMENT', draft.file);
      await getApi().documents.submit(documentSubmission(props.kind, upload.id, draft));
      setDraft(EMPTY);
      await props.onSent();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      withBorder
      radius="md"
      component="section"
      aria-labelledby={`doc-${props.kind}`}
      data-testid="document-card"
      data-kind={props.kind}
      data-status={current?.status ?? 'MISSING'}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h5" id={`doc-${props.kind}`}>
          {t(`kind.${props.kind}`)}
        </Title>
        <Badge color={current ? STATUS_COLORS[current.status] : 'gray.7'} style={{ flexShrink: 0 }}>
          {t(`status.${current?.status ?? 'MISSING'}`)}
        </Badge>
      </Group>
      {current?.number && (
        <Text size="sm">
          {t('number')}: <bdi>{current.number}</bdi>
        </Text>
      )}
      {current?.expiresAt && (
        <Text size="sm">
          {t('expiresOn', { date: formatDate(`${current.expiresAt}T12:00:00Z`, locale) })}
        </Text>
      )}
      {current?.categories && (
        <Text size="sm">{t('categoriesList', { list: current.categories.join(', ') })}</Text>
      )}
      {current?.reason && (current.status === 'REJECTED' || current.status === 'EXPIRED') && (
        <Alert color="red" mt="xs" data-testid="document-reason">
          {current.reason}
        </Alert>
      )}
      {showForm && (
        <Stack gap="xs" mt="sm">
          <FileInput
            label={t('file')}
            description={t('fileHint', { max: Math.round(LIMITS.maxBytes / (1024 * 1024)) })}
            accept={LIMITS.contentTypes.join(',')}
            value={draft.file}
            onChange={(file) => setDraft({ ...draft, file })}
            data-testid={`document-file-${props.kind}`}
            clearable
          />
          {rules.needsNumber && (
            <TextInput
              label={t('number')}
              value={draft.number}
              onChange={(e) => setDraft({ ...draft, number: e.currentTarget.value })}
              data-testid={`document-number-${props.kind}`}
            />
          )}
          {rules.needsExpiry && (
            <Group grow>
              <TextInput
                type="date"
                label={t('issuedAt')}
                value={draft.issuedAt}
                onChange={(e) => setDraft({ ...draft, issuedAt: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label={t('expiresAt')}
                value={draft.expiresAt}
                onChange={(e) => setDraft({ ...draft, expiresAt: e.currentTarget.value })}
                data-testid={`document-expiry-${props.kind}`}
              />
            </Group>
          )}
          {rules.hasCategories && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('categories')}
              </Text>
              <Chip.Group
                multiple
                value={draft.categories}
                onChange={(value) => setDraft({ ...draft, categories: value as LicenceCategory[] })}
              >
                <Group gap={6}>
                  {LICENCE_CATEGORIES.map((category) => (
                    <Chip key={category} value={category} size="xs" data-testid={`licence-${category}`}>
                      {category}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button
            onClick={() => void send()}
            disabled={!canSend}
            loading={busy}
            data-testid={`document-submit-${props.kind}`}
          >
            {current ? t('sendAgain') : t('send')}
          </Button>
        </Stack>
      )}
    </Card>
  );
}

/** The driver's five required documents: what is approved, what waits for review, what to send again. */
export default function DocumentsPage() {
  const t = useTranslations('documents');
  const errorText = useErrorText();
  const [documents, setDocuments] = useState<DriverDocuments | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDocuments(await getApi().documents.mine());
    } catch (e) {
      setError(errorText(e));
    }
  }, [errorText]);
  useEffect(() => {
    void load();
    // A review arrives live: the card's status and the reason change without a reload.
    const realtime = getRealtime();
    return realtime.on('document:status', () => void load());
  }, [load]);
  const current = new Map(
    (documents?.items ?? []).filter((d) => d.isCurrent).map((d) => [d.kind, d] as const),
  );
  return (
    <Stack maw={960}>
      <Title order={2}>{t('title')}</Title>
      {error && <Alert color="red">{error}</Alert>}
      {documents && (
        <Alert
          color={documents.missing.length === 0 ? 'green' : 'blue'}
          data-testid="documents-summary"
          data-missing={documents.missing.length}
        >
          {documents.missing.length === 0
            ? t('allApproved')
            : t('missing', { count: documents.missing.length })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {DOCUMENT_KINDS.map((kind) => (
          <DocumentCard key={kind} kind={kind} current={current.get(kind)} onSent={load} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
