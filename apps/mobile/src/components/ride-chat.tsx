import {
  CHAT_TEXT_MAX_LENGTH,
  type PostRideMessage,
  QUICK_REPLIES,
  type RideMessage,
} from '@truck4u/contracts';
import { createChatSendKeys, formatTime, isApiError } from '@truck4u/logic';
import { Button, Card, colors, fontSizes, Input, mutedText, Notice, radii, spacing } from '@truck4u/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppState, Pressable, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/** Pages read in one catch-up (100 messages each by default): a bound, not a limit a real chat reaches. */
const MAX_CATCH_UP_PAGES = 20;

/** Messages in id order without duplicates: a live message can also arrive in the catch-up read. */
function merge(current: RideMessage[], incoming: RideMessage[]): RideMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * The ride's chat between its customer and its driver: history, live messages, quick replies, read marks. The
 * server decides when it is open (from acceptance to an hour after the end); a CHAT_CLOSED refusal shows as closed.
 * The screen that shows it follows the ride (useRide), so the socket is in the ride's room.
 */
export function RideChat(props: { rideId: string; me: 'customer' | 'driver' }) {
  const { t, locale, errorText } = useI18n();
  const { api, realtime } = useServices();
  const [messages, setMessages] = useState<RideMessage[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const lastId = useRef(0);
  // One key per message, kept until it is answered: pressing send again after a lost answer posts it once.
  const [sendKeys] = useState(() => createChatSendKeys());

  const catchUp = useCallback(async () => {
    try {
      // Page by page from the newest message held: after a long disconnection more than one page was missed.
      let after: number | undefined = lastId.current || undefined;
      for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
        const page = await api.chat.list(props.rideId, after);
        const newest = page.items.at(-1);
        if (newest) lastId.current = Math.max(lastId.current, newest.id);
        setMessages((current) => merge(current, page.items));
        if (!page.nextCursor || !newest) break;
        after = Number(page.nextCursor);
      }
      setError(null);
    } catch (caught) {
      setError(isApiError(caught) ? caught.code : 'INTERNAL_ERROR');
    }
  }, [api, props.rideId]);

  useEffect(() => {
    void catchUp();
    // Messages sent while the socket was down never arrive live: read what follows the last one held when the
    // connection is back, and when the app returns to the foreground (the OS may have frozen the socket).
    const onReconnect = () => void catchUp();
    realtime.socket.on('connect', onReconnect);
    const foreground = AppState.addEventListener('change', (state) => {
      if (state === 'active') void catchUp();
    });
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
      realtime.socket.off('connect', onReconnect);
      foreground.remove();
      offMessage();
      offRead();
    };
  }, [realtime, props.rideId, catchUp]);

  useEffect(() => {
    const newest = messages.at(-1);
    if (!newest) return;
    lastId.current = newest.id;
    // Shown on screen means read: mark up to the newest once the other side wrote something unread.
    const unreadFromOther = messages.some((m) => m.senderRole !== props.me && m.readAt === null);
    if (unreadFromOther) void api.chat.markRead(props.rideId, newest.id).catch(() => undefined);
  }, [messages, props.me, props.rideId, api]);

  async function send(body: PostRideMessage) {
    setBusy(true);
    setError(null);
    const key = sendKeys.keyFor(body);
    try {
      const message = await api.chat.send(props.rideId, body, key);
      sendKeys.release(key);
      setMessages((current) => merge(current, [message]));
      if (body.text) setText('');
    } catch (caught) {
      const code = isApiError(caught) ? caught.code : 'INTERNAL_ERROR';
      if (code === 'IDEMPOTENCY_KEY_REUSED') sendKeys.release(key);
      if (code === 'CHAT_CLOSED') setClosed(true);
      else setError(code);
    } finally {
      setBusy(false);
    }
  }

  const quick = t.chat.quick as Record<string, string>;
  return (
    <View testID="chat-panel">
      <Card title={t.chat.title}>
        <View style={{ gap: spacing.xs }} accessibilityLiveRegion="polite">
          {messages.length === 0 ? <Text style={mutedText}>{t.chat.empty}</Text> : null}
          {messages.map((m) => {
            const mine = m.senderRole === props.me;
            return (
              <View
                key={m.id}
                testID="chat-message"
                dataSet={{ mine }}
                style={{
                  padding: spacing.sm,
                  borderRadius: radii.md,
                  backgroundColor: mine ? colors.background : colors.surface,
                  borderWidth: 1,
                  borderColor: mine ? colors.primary : colors.border,
                  marginStart: mine ? spacing.xl : 0,
                  marginEnd: mine ? 0 : spacing.xl,
                }}
              >
                <Text style={mutedText}>
                  {mine ? t.chat.you : t.chat[m.senderRole]} · {formatTime(m.createdAt, locale)}
                  {mine && m.readAt ? ` · ${t.chat.read}` : ''}
                </Text>
                <Text style={{ fontSize: fontSizes.md, color: colors.text }}>
                  {m.quickReply ? (quick[m.quickReply] ?? m.quickReply) : m.text}
                </Text>
              </View>
            );
          })}
        </View>
        <Notice text={errorText(error)} />
        {closed ? (
          <Text style={mutedText} testID="chat-closed">
            {t.chat.closed}
          </Text>
        ) : (
          <View style={{ gap: spacing.sm }}>
            <View style={{ flexDirection: 'row', flexWrap: 'wrap', gap: spacing.xs }}>
              {QUICK_REPLIES.map((code) => (
                <Pressable
                  key={code}
                  testID={`quick-reply-${code}`}
                  accessibilityRole="button"
                  disabled={busy}
                  onPress={() => void send({ quickReply: code })}
                  style={{
                    paddingVertical: spacing.xs,
                    paddingHorizontal: spacing.sm,
                    borderRadius: radii.md,
                    borderWidth: 1,
                    borderColor: colors.primary,
                  }}
                >
                  <Text style={{ color: colors.primary, fontSize: fontSizes.sm }}>{quick[code] ?? code}</Text>
                </Pressable>
              ))}
            </View>
            <Input
              label={t.chat.placeholder}
              placeholder={t.chat.placeholder}
              value={text}
              onChangeText={(next) => setText(next.slice(0, CHAT_TEXT_MAX_LENGTH))}
              testID="chat-input"
            />
            <Button
              label={t.chat.send}
              testID="chat-send"
              loading={busy}
              disabled={!text.trim()}
              onPress={() => void send({ text: text.trim() })}
            />
          </View>
        )}
      </Card>
    </View>
  );
}
