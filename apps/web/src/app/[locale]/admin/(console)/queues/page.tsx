'use client';
import { Alert, Button, Paper, Stack, Text } from '@mantine/core';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useErrorText } from '@/components/use-error-text';

/**
 * The queue board is the api's own page at /admin/queues (proxied by the web server). A page load cannot
 * carry a bearer token, so the console first trades the admin's access token for the board's cookie
 * (POST /admin/queues/session, HttpOnly, scoped to that path), then opens the board.
 */
function QueueBoardLink() {
  const t = useTranslations('admin.queues');
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    setBusy(true);
    setError(null);
    // Opened before the await so the browser treats it as the click's own window, not a pop-up.
    const board = window.open('about:blank', '_blank');
    try {
      await getAdminApi().openQueueBoard();
      if (board) board.location.href = '/admin/queues';
      else window.location.href = '/admin/queues';
    } catch (e) {
      board?.close();
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" maw={640}>
      <Stack>
        <Text>{t('intro')}</Text>
        <Button onClick={() => void open()} loading={busy} data-testid="admin-open-queues" w="fit-content">
          {t('open')}
        </Button>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

export default function AdminQueuesPage() {
  const t = useTranslations('admin.queues');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="queues.read">
        <QueueBoardLink />
      </AdminOnly>
    </AdminPage>
  );
}
