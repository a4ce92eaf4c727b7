import {
  DOCUMENT_RULES,
  type DocumentKind,
  type DocumentStatus,
  type DriverDocument,
  LICENCE_CATEGORIES,
  type LicenceCategory,
  UPLOAD_LIMITS,
} from '@truck4u/contracts';
import { documentSubmission, formatDate, hasRequiredDocumentFields } from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import {
  Button,
  Card,
  colors,
  fontSizes,
  Input,
  minTouch,
  Notice,
  radii,
  spacing,
  type Tone,
  toneColors,
} from '@truck4u/ui';
import { useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';
import { PhotoPicker, type PickedFile, sendPhotos } from './photo-picker';

const STATUS_TONES: Record<DocumentStatus | 'MISSING', Tone> = {
  MISSING: 'neutral',
  PENDING: 'warning',
  APPROVED: 'success',
  REJECTED: 'danger',
  EXPIRED: 'danger',
};
const MAX_MB = Math.round(UPLOAD_LIMITS.DRIVER_DOCUMENT.maxBytes / (1024 * 1024));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Draft {
  photos: PickedFile[];
  number: string;
  issuedAt: string;
  expiresAt: string;
  categories: LicenceCategory[];
}
const EMPTY: Draft = { photos: [], number: '', issuedAt: '', expiresAt: '', categories: [] };

/** One kind of document: its current state (with the reviewer's reason) and the form that sends a new one. */
export function DocumentCard(props: { kind: DocumentKind; current?: DriverDocument; onSent: () => void }) {
  const { t, m, locale, format, errorText } = useI18n();
  const { api } = useServices();
  const rules = DOCUMENT_RULES[props.kind];
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const current = props.current;
  const status = current?.status ?? 'MISSING';
  // Approved or waiting for review: nothing to send. Missing, refused or expired: a (new) photo or PDF is asked for.
  const showForm = status !== 'APPROVED' && status !== 'PENDING';
  const badDate = (value: string) => value !== '' && !DATE.test(value);
  const canSend =
    draft.photos.length === 1 &&
    hasRequiredDocumentFields(props.kind, draft) &&
    !badDate(draft.expiresAt) &&
    !badDate(draft.issuedAt);

  // Upload first, then the document that points at it: a refused document leaves only an unclaimed upload.
  const send = useAction(async () => {
    const [upload] = await sendPhotos(api, 'DRIVER_DOCUMENT', draft.photos);
    if (!upload) return;
    await api.documents.submit(documentSubmission(props.kind, upload.id, draft));
    setDraft(EMPTY);
    props.onSent();
  });

  const tone = toneColors[STATUS_TONES[status]];
  return (
    <Card testID={`document-${props.kind}`} dataSet={{ kind: props.kind, status }}>
      <View style={styles.head}>
        <Text accessibilityRole="header" style={styles.title}>
          {t.documents.kind[props.kind]}
        </Text>
        <Text
          testID="document-status"
          dataSet={{ status }}
          style={[styles.badge, { color: tone.fg, backgroundColor: tone.bg }]}
        >
          {t.documents.status[status]}
        </Text>
      </View>
      {current?.number ? (
        <Text>
          {t.documents.number} : {current.number}
        </Text>
      ) : null}
      {current?.expiresAt ? (
        <Text>
          {format(t.documents.expiresOn, { date: formatDate(`${current.expiresAt}T12:00:00Z`, locale) })}
        </Text>
      ) : null}
      {current?.categories ? (
        <Text>{format(t.documents.categoriesList, { list: current.categories.join(', ') })}</Text>
      ) : null}
      {current?.reason && (status === 'REJECTED' || status === 'EXPIRED') ? (
        <Notice testID="document-reason" text={current.reason} />
      ) : null}
      {showForm ? (
        <View style={styles.form}>
          <PhotoPicker
            purpose="DRIVER_DOCUMENT"
            label={format(m.documentFile, { max: MAX_MB })}
            photos={draft.photos}
            onChange={(photos) => setDraft({ ...draft, photos })}
            max={1}
            testID={`document-photo-${props.kind}`}
            disabled={send.busy}
          />
          {rules.needsNumber ? (
            <LabelledField
              label={t.documents.number}
              value={draft.number}
              onChange={(number) => setDraft({ ...draft, number })}
              testID={`document-number-${props.kind}`}
            />
          ) : null}
          {rules.needsExpiry ? (
            <>
              <LabelledField
                label={t.documents.issuedAt}
                hint={m.dateHint}
                error={badDate(draft.issuedAt) ? m.dateInvalid : null}
                value={draft.issuedAt}
                onChange={(issuedAt) => setDraft({ ...draft, issuedAt })}
                testID={`document-issued-${props.kind}`}
                date
              />
              <LabelledField
                label={t.documents.expiresAt}
                hint={m.dateHint}
                error={badDate(draft.expiresAt) ? m.dateInvalid : null}
                value={draft.expiresAt}
                onChange={(expiresAt) => setDraft({ ...draft, expiresAt })}
                testID={`document-expiry-${props.kind}`}
                date
              />
            </>
          ) : null}
          {rules.hasCategories ? (
            <LicenceCategories
              label={t.documents.categories}
              value={draft.categories}
              onChange={(categories) => setDraft({ ...draft, categories })}
            />
          ) : null}
          <Notice text={errorText(send.error)} testID="document-error" />
          <Button
            label={current ? t.documents.sendAgain : t.documents.send}
            testID={`document-submit-${props.kind}`}
            disabled={!canSend}
            loading={send.busy}
            onPress={() => void send.run()}
          />
        </View>
      ) : null}
    </Card>
  );
}

function LabelledField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testID: string;
  hint?: string;
  error?: string | null;
  date?: boolean;
}) {
  // Dates keep to digits and dashes: the api takes YYYY-MM-DD.
  return (
    <Input
      label={props.label}
      value={props.value}
      hint={props.hint}
      error={props.error}
      onChangeText={(text) => props.onChange(props.date ? text.replace(/[^\d-]/g, '').slice(0, 10) : text)}
      keyboardType={props.date ? 'numbers-and-punctuation' : 'default'}
      autoCapitalize="characters"
      testID={props.testID}
    />
  );
}

/** The licence's categories, several at once (the api needs at least one). */
function LicenceCategories(props: {
  label: string;
  value: LicenceCategory[];
  onChange: (value: LicenceCategory[]) => void;
}) {
  return (
    <View style={styles.categories} accessibilityLabel={props.label}>
      <Text style={styles.label}>{props.label}</Text>
      <View style={styles.chips}>
        {LICENCE_CATEGORIES.map((category) => {
          const checked = props.value.includes(category);
          return (
            <Pressable
              key={category}
              testID={`licence-${category}`}
              accessibilityRole="checkbox"
              accessibilityState={{ checked }}
              onPress={() =>
                props.onChange(
                  checked
                    ? props.value.filter((c) => c !== category)
                    : LICENCE_CATEGORIES.filter((c) => c === category || props.value.includes(c)),
                )
              }
              style={[styles.chip, checked && styles.chipOn]}
            >
              <Text style={[styles.chipText, checked && styles.chipTextOn]}>{category}</Text>
            </Pressable>
          );
        })}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  head: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', gap: spacing.sm },
  title: { flexShrink: 1, fontSize: fontSizes.lg, fontWeight: '700', color: colors.text },
  badge: {
    paddingHorizontal: spacing.sm,
    paddingVertical: spacing.xs,
    borderRadius: radii.md,
    overflow: 'hidden',
    fontSize: fontSizes.sm,
    fontWeight: '700',
  },
  form: { gap: spacing.md },
  categories: { gap: spacing.xs },
  label: { fontSize: fontSizes.sm, fontWeight: '600', color: colors.text },
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm },
  chip: {
    minHeight: minTouch,
    minWidth: minTouch,
    alignItems: 'center',
    justifyContent: 'center',
    paddingHorizontal: spacing.md,
    borderRadius: radii.md,
    borderWidth: 1.5,
    borderColor: colors.border,
    backgroundColor: colors.surface,
  },
  chipOn: { backgroundColor: colors.primary, borderColor: colors.primary },
  chipText: { fontSize: fontSizes.md, fontWeight: '600', color: colors.text },
  chipTextOn: { color: colors.onPrimary },
});
