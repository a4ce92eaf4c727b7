'use client';
import { Alert, Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ShareLink } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { getApi } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

/** The customer makes a public tracking link for the recipient, copies it, and can withdraw it. */
export function ShareLinkPanel(props: { rideId: string }) {
  const t = useTranslations('share');
  const errorText = useErrorText();
  const [link, setLink] = useState<ShareLink | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="share-title">
      <Title order={3} id="share-title" size="h4" mb="xs">
        {t('title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('explain')}
      </Text>
      {error && <Alert color="red">{error}</Alert>}
      {notice && (
        <Text size="sm" role="status">
          {notice}
        </Text>
      )}
      {link ? (
        <Stack gap="xs">
          <Group gap="xs" wrap="nowrap">
            <TextInput
              readOnly
              value={link.url}
              style={{ flex: 1 }}
              aria-label={t('title')}
              data-testid="share-url"
              dir="ltr"
            />
            <CopyButton value={link.url}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t('copied') : t('copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Button
            variant="subtle"
            color="red.8"
            loading={busy}
            data-testid="share-revoke"
            onClick={() =>
              void run(async () => {
                await getApi().tracking.unshare(props.rideId);
                setLink(null);
                setNotice(t('revoked'));
              })
            }
          >
            {t('revoke')}
          </Button>
        </Stack>
      ) : (
        <Button
          variant="light"
          loading={busy}
          data-testid="share-ride"
          onClick={() => void run(async () => setLink(await getApi().tracking.share(props.rideId)))}
        >
          {t('create')}
        </Button>
      )}
    </Paper>
  );
}
