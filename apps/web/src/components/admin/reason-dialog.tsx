'use client';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useErrorText } from '@/components/use-error-text';

/**
 * A confirmation with a typed reason (cancel a ride, suspend, reject, refund). Enter in the field does not
 * submit (reasons may span lines); the confirm button does, and the dialog stays open with the error if the
 * api refuses.
 */
export function ReasonDialog(props: {
  opened: boolean;
  onClose: () => void;
  title: string;
  label: string;
  confirmLabel: string;
  /** Reasons the api requires are at least this long; 0 makes the reason optional. */
  minLength?: number;
  confirmTestId?: string;
  color?: string;
  children?: ReactNode;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const t = useTranslations('common');
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const minLength = props.minLength ?? 3;
  const tooShort = reason.trim().length < minLength;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (tooShort) return;
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim());
      setReason('');
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <form onSubmit={submit}>
        <Stack>
          {props.children && <Text size="sm">{props.children}</Text>}
          <Textarea
            label={props.label}
            required={minLength > 0}
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
            data-testid="admin-reason"
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button
              type="submit"
              color={props.color ?? 'red'}
              loading={busy}
              disabled={tooShort}
              data-testid={props.confirmTestId}
            >
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
