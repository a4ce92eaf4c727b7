import { DISPUTE_REASONS, DISPUTE_WINDOW_DAYS, type Dispute, type DisputeReason } from '@truck4u/contracts';
import { formatDate, formatTnd } from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import { Button, Card, ChoiceChips, colors, Input, Notice, spacing, type Tone } from '@truck4u/ui';
import { useCallback, useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';
import { PhotoPicker, type PickedFile, sendPhotos } from './photo-picker';

/** The api takes up to 10 pieces of evidence; a phone form keeps to a handful of photos or PDFs. */
const MAX_EVIDENCE = 5;
const MIN_DESCRIPTION = 10;
const STATUS_TONES: Record<Dispute['status'], Tone> = {
  OPEN: 'warning',
  RESOLVED: 'success',
  REJECTED: 'neutral',
};

/**
 * "Report a problem" on a ride: the disputes already opened with their state (live through
 * `dispute:updated`) and a form with a reason, what happened and optional photos or PDFs as evidence.
 */
export function DisputePanel(props: {
  rideId: string;
  me: 'customer' | 'driver';
  /** When the ride ended (completed or cancelled), if it did: the api takes disputes for a week after. */
  endedAt?: string | null;
}) {
  const { t, m, locale, format, errorText } = useI18n();
  const { api, realtime } = useServices();
  const [disputes, setDisputes] = useState<Dispute[]>([]);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<DisputeReason | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PickedFile[]>([]);

  const merge = useCallback(
    (dispute: Dispute) => setDisputes((current) => [dispute, ...current.filter((d) => d.id !== dispute.id)]),
    [],
  );
  useEffect(() => {
    let live = true;
    api.disputes
      .list(props.rideId)
      .then((page) => live && setDisputes(page.items))
      .catch(() => undefined);
    const off = realtime.on('dispute:updated', ({ rideId, dispute }) => {
      if (rideId === props.rideId) merge(dispute);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, realtime, props.rideId, merge]);

  const send = useAction(async () => {
    if (!reason) return;
    const uploads = await sendPhotos(api, 'DISPUTE_EVIDENCE', photos);
    merge(
      await api.disputes.open(props.rideId, {
        reason,
        description: description.trim(),
        ...(uploads.length > 0 ? { uploadIds: uploads.map((u) => u.id) } : {}),
      }),
    );
    setOpen(false);
    setReason(null);
    setDescription('');
    setPhotos([]);
  });

  // One open dispute per ride and party (the api refuses a second), and only within the window after the end.
  const justSent = disputes.some((d) => d.openedBy === props.me && d.status === 'OPEN');
  const windowClosed =
    props.endedAt != null && Date.now() - Date.parse(props.endedAt) > DISPUTE_WINDOW_DAYS * 86_400_000;
  const canOpen = !justSent && !windowClosed;
  if (disputes.length === 0 && !canOpen) return null;
  return (
    <Card testID="disputes">
      {disputes.length > 0 ? (
        <Text accessibilityRole="header" style={styles.title}>
          {m.disputes}
        </Text>
      ) : null}
      {disputes.map((dispute) => {
        const tone = STATUS_TONES[dispute.status];
        return (
          <View
            key={dispute.id}
            testID="dispute"
            dataSet={{ disputeId: dispute.id, status: dispute.status }}
            style={styles.dispute}
          >
            <Text style={styles.reason}>
              {t.dispute.reasons[dispute.reason]} · {formatDate(dispute.createdAt, locale)}
            </Text>
            {dispute.openedBy !== props.me ? (
              <Text style={styles.muted}>
                {dispute.openedBy === 'driver' ? m.disputeByDriver : m.disputeByCustomer}
              </Text>
            ) : null}
            {dispute.description ? <Text>{dispute.description}</Text> : null}
            <Notice tone={tone} testID="dispute-status" text={m[`dispute${dispute.status}`]} />
            {dispute.resolution ? (
              <Text testID="dispute-resolution">
                {format(m.disputeResolution, { text: dispute.resolution })}
              </Text>
            ) : null}
            {dispute.refundAmount ? (
              <Text testID="dispute-refund" dataSet={{ amount: dispute.refundAmount }}>
                {format(props.me === 'driver' ? m.disputeRefundToCustomer : m.disputeRefund, {
                  amount: formatTnd(dispute.refundAmount, locale),
                })}
              </Text>
            ) : null}
          </View>
        );
      })}
      {justSent && !open ? <Notice tone="success" testID="dispute-sent" text={t.dispute.sent} /> : null}
      {open ? (
        <View style={styles.form}>
          <Text accessibilityRole="header" style={styles.title}>
            {t.dispute.open}
          </Text>
          <ChoiceChips
            label={t.dispute.reason}
            testID="dispute-reason"
            value={reason}
            onChange={setReason}
            choices={DISPUTE_REASONS.map((value) => ({
              value,
              label: t.dispute.reasons[value],
              testID: `dispute-reason-${value}`,
            }))}
          />
          <Input
            label={t.dispute.description}
            hint={m.descriptionHint}
            value={description}
            onChangeText={setDescription}
            multiline
            testID="dispute-description"
          />
          <PhotoPicker
            purpose="DISPUTE_EVIDENCE"
            label={m.evidence}
            photos={photos}
            onChange={setPhotos}
            max={MAX_EVIDENCE}
            testID="dispute-picker"
            disabled={send.busy}
          />
          <Notice text={errorText(send.error)} testID="dispute-error" />
          <Button
            label={t.dispute.send}
            testID="dispute-submit"
            disabled={!reason || description.trim().length < MIN_DESCRIPTION}
            loading={send.busy}
            onPress={() => void send.run()}
          />
          <Button label={t.common.cancel} variant="ghost" onPress={() => setOpen(false)} />
        </View>
      ) : canOpen ? (
        <Button
          label={t.dispute.open}
          variant="secondary"
          testID="open-dispute"
          onPress={() => {
            send.setError(null);
            setOpen(true);
          }}
        />
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  title: { fontSize: 18, fontWeight: '700', color: colors.text },
  dispute: { gap: spacing.xs },
  reason: { fontWeight: '700', color: colors.text },
  muted: { color: colors.textMuted },
  form: { gap: spacing.md },
});
