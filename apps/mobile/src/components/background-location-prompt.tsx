import { Button, Card, Notice, spacing } from '@truck4u/ui';
import { useEffect, useState } from 'react';
import { Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { offlineMessages } from '../i18n/offline-messages';
import { useServices } from '../services/services-context';

/**
 * Says why the app wants the position while it is closed, before the OS asks: shown to an online driver
 * who has not answered yet. "Not now" leaves the foreground updates alone and asks again next shift.
 */
export function BackgroundLocationPrompt(props: { online: boolean }) {
  const { locale } = useI18n();
  const { backgroundLocation } = useServices();
  const words = offlineMessages(locale);
  const [state, setState] = useState<'unknown' | 'ask' | 'granted' | 'refused' | 'later'>('unknown');

  useEffect(() => {
    if (!props.online || !backgroundLocation || state !== 'unknown') return;
    let current = true;
    void backgroundLocation.permission().then((permission) => {
      if (!current) return;
      setState(permission === 'undetermined' ? 'ask' : permission === 'granted' ? 'granted' : 'refused');
    });
    return () => {
      current = false;
    };
  }, [props.online, backgroundLocation, state]);

  if (!props.online || !backgroundLocation) return null;
  if (state === 'refused')
    return <Notice tone="warning" text={words.backgroundRefused} testID="background-refused" />;
  if (state !== 'ask') return null;
  return (
    <Card title={words.backgroundTitle}>
      <Text testID="background-why">{words.backgroundWhy}</Text>
      <View style={{ flexDirection: 'row', gap: spacing.sm }}>
        <Button
          label={words.backgroundAllow}
          testID="background-allow"
          onPress={() =>
            void backgroundLocation.allow().then((granted) => setState(granted ? 'granted' : 'refused'))
          }
        />
        <Button
          label={words.backgroundLater}
          variant="ghost"
          testID="background-later"
          onPress={() => setState('later')}
        />
      </View>
    </Card>
  );
}
