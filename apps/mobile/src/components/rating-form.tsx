import { useAction } from '@truck4u/logic/react';
import { Button, colors, minTouch, Notice, radii, spacing } from '@truck4u/ui';
import { useState } from 'react';
import { Pressable, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/** One to five stars for the other side of a completed ride, sent once. */
export function RatingForm(props: { rideId: string }) {
  const { t, format, errorText } = useI18n();
  const { api } = useServices();
  const [score, setScore] = useState(0);
  const [done, setDone] = useState(false);
  const send = useAction(async () => {
    await api.rides.rate(props.rideId, { score });
    setDone(true);
  });
  if (done) return <Notice tone="success" testID="rating-done" text={t.ride.rated} />;
  return (
    <View style={{ gap: spacing.md }}>
      <Text style={{ fontWeight: '700' }}>{t.ride.rate}</Text>
      <View style={{ flexDirection: 'row', gap: spacing.sm }}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Pressable
            key={n}
            testID={`rating-${n}`}
            accessibilityRole="radio"
            accessibilityLabel={format(t.ride.star, { count: n })}
            accessibilityState={{ checked: n <= score }}
            onPress={() => setScore(n)}
            style={{
              width: minTouch,
              height: minTouch,
              borderRadius: radii.md,
              alignItems: 'center',
              justifyContent: 'center',
              backgroundColor: n <= score ? colors.warning : colors.background,
            }}
          >
            <Text style={{ fontSize: 24, color: n <= score ? colors.onPrimary : colors.textMuted }}>★</Text>
          </Pressable>
        ))}
      </View>
      <Notice text={errorText(send.error)} />
      <Button
        label={t.ride.rateSubmit}
        testID="rating-submit"
        disabled={score === 0}
        loading={send.busy}
        onPress={() => void send.run()}
      />
    </View>
  );
}
