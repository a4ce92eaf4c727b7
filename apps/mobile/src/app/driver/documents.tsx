import { DOCUMENT_KINDS } from '@truck4u/contracts';
import { Notice } from '@truck4u/ui';
import { useCallback, useEffect } from 'react';
import { DocumentCard } from '../../components/document-card';
import { Screen } from '../../components/screen';
import { useFocusLoad } from '../../components/use-focus-load';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../services/services-context';

/** The driver's five required documents: what is approved, what waits for review, what to send (again). */
export default function DocumentsTab() {
  const { t, format, errorText } = useI18n();
  const { api, realtime } = useServices();
  const documents = useFocusLoad(useCallback(() => api.documents.mine(), [api]));
  const { reload } = documents;
  // A review arrives live: the status and the reason change while the screen is open.
  useEffect(() => realtime.on('document:status', () => reload()), [realtime, reload]);

  const current = new Map(
    (documents.data?.items ?? []).filter((d) => d.isCurrent).map((d) => [d.kind, d] as const),
  );
  const missing = documents.data?.missing.length ?? 0;
  return (
    <Screen title={t.documents.title} onRefresh={reload} refreshing={documents.loading}>
      <Notice text={errorText(documents.error)} />
      {documents.data ? (
        <Notice
          tone={missing === 0 ? 'success' : 'info'}
          testID="documents-summary"
          text={missing === 0 ? t.documents.allApproved : format(t.documents.missing, { count: missing })}
        />
      ) : null}
      {DOCUMENT_KINDS.map((kind) => (
        <DocumentCard key={kind} kind={kind} current={current.get(kind)} onSent={reload} />
      ))}
    </Screen>
  );
}
