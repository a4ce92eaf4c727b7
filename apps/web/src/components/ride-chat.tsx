'use client';
import { Alert, Button, Group, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import {
  CHAT_TEXT_MAX_LENGTH,
  type PostRideMessage,
  QUICK_REPLIES,
  type RideMessage,
} from '@truck4u/contracts';
import { createChatSendKeys, formatTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getApi, getRealtime } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

/** Messages in id order without duplicates: a live message can also arrive in the catch-up read. */
function merge(current: RideMessage[], incoming: RideMessage[]): RideMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * The ride's chat between its customer and its driver: history, live messages, quick replies, read marks. The
 * server decides when it is open (from acceptance to an hour after the end); a refusal shows as closed.
 */
export function RideChat(props: { rideId: string; me: 'customer' | 'driver' }) {
  const t = useTranslations('chat');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [messages, setMessages] = useState<RideMessage[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const lastId = useRef(0);
  // One key per message, kept until it is answered: pressing send again after a lost answer posts it once.
  const [sendKeys] = useState(() => createChatSendKeys());
  const viewport = useRef<HTMLDivElement>(null);

  const catchUp = useCallback(async () => {
    try {
      const page = await getApi().chat.list(props.rideId, lastId.current || undefined);
      setMessages((current) => merge(current, page.items));
    } catch (e) {
      setError(errorText(e));
    }
  }, [props.rideId, errorText]);

  useEffect(() => {
    void catchUp();
    const realtime = getRealtime();
    const offMessage = realtime.on('chat:message', ({ rideId, message }) => {
      if (rideId === props.rideId) setMessages((current) => merge(current, [message]));
    });
    const offRead = realtime.on('chat:read', (read) => {
      if (read.rideId !== props.rideId) return;
      setMessages((current) =>
        current.map((m) =>
          m.id <= read.upTo && m.senderRole !== read.readerRole ? { ...m, readAt: read.readAt } : m,
        ),
      );
    });
    return () => {
      offMessage();
      offRead();
    };
  }, [props.rideId, catchUp]);

  useEffect(() => {
    const newest = messages.at(-1);
    if (!newest) return;
    lastId.current = newest.id;
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
    const unreadFromOther = messages.some((m) => m.senderRole !== props.me && m.readAt === null);
    if (unreadFromOther)
      void getApi()
        .chat.markRead(props.rideId, newest.id)
        .catch(() => undefined);
  }, [messages, props.me, props.rideId]);

  async function send(body: PostRideMessage) {
    setBusy(true);
    setError(null);
    const key = sendKeys.keyFor(body);
    try {
      const message = await getApi().chat.send(props.rideId, body, key);
      sendKeys.release(key);
      setMessages((current) => merge(current, [message]));
      if (body.text) setText('');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'IDEMPOTENCY_KEY_REUSED') sendKeys.release(key);
      if (code === 'CHAT_CLOSED') setClosed(true);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="chat-title"
      data-testid="chat-panel"
    >
      <Title order={3} id="chat-title" size="h4" mb="xs">
        {t('title')}
      </Title>
      <ScrollArea.Autosize mah={260} viewportRef={viewport}>
        <Stack gap={6} aria-live="polite">
          {messages.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('empty')}
            </Text>
          )}
          {messages.map((m) => {
            const mine = m.senderRole === props.me;
            return (
              <Paper
                key={m.id}
                p="xs"
                radius="md"
                bg={mine ? 'indigo.0' : 'gray.0'}
                ms={mine ? 'xl' : 0}
                me={mine ? 0 : 'xl'}
                data-testid="chat-message"
                data-mine={mine}
              >
                <Text size="xs" c="dimmed">
                  {mine ? t('you') : t(m.senderRole)} · {formatTime(m.createdAt, locale)}
                  {mine && m.readAt && ` · ${t('read')}`}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {m.quickReply ? t(`quick.${m.quickReply}`) : <bdi>{m.text}</bdi>}
                </Text>
              </Paper>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
      {error && (
        <Alert color="red" mt="xs" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {closed ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('closed')}
        </Text>
      ) : (
        <Stack gap="xs" mt="xs">
          <Group gap={4}>
            {QUICK_REPLIES.map((code) => (
              <Button
                key={code}
                size="compact-xs"
                variant="light"
                disabled={busy}
                data-testid={`quick-reply-${code}`}
                onClick={() => void send({ quickReply: code })}
              >
                {t(`quick.${code}`)}
              </Button>
            ))}
          </Group>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void send({ text: text.trim() });
            }}
          >
            <Group gap="xs" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                aria-label={t('placeholder')}
                placeholder={t('placeholder')}
                value={text}
                maxLength={CHAT_TEXT_MAX_LENGTH}
                onChange={(e) => setText(e.currentTarget.value)}
                data-testid="chat-input"
              />
              <Button type="submit" loading={busy} disabled={!text.trim()} data-testid="chat-send">
                {t('send')}
              </Button>
            </Group>
          </form>
        </Stack>
      )}
    </Paper>
  );
}
