'use client';
import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import type { RatingCriteria } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { getApi } from '@/lib/app-client';
import { useErrorText } from './use-error-text';

const CRITERIA = ['punctuality', 'care', 'communication'] as const satisfies ReadonlyArray<
  keyof RatingCriteria
>;
type Criterion = (typeof CRITERIA)[number];

/** Five stars as a radio group; `testId` prefixes each star's hook (`rating` gives `rating-1`…`rating-5`). */
function StarChoice(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  testId: string;
  compact?: boolean;
}) {
  const t = useTranslations('ride');
  return (
    <Group gap={4} role="radiogroup" aria-label={props.label} wrap="nowrap">
      {[1, 2, 3, 4, 5].map((n) => (
        <Button
          key={n}
          variant={props.value >= n ? 'filled' : 'default'}
          color="yellow.5"
          autoContrast
          size={props.compact ? 'compact-md' : 'sm'}
          px={props.compact ? 6 : 'xs'}
          role="radio"
          aria-checked={props.value === n}
          aria-label={t('star', { count: n })}
          data-testid={`${props.testId}-${n}`}
          onClick={() => props.onChange(n)}
        >
          ★
        </Button>
      ))}
    </Group>
  );
}

/**
 * The customer rates the driver of a completed ride: the overall stars, and optionally punctuality, care and
 * communication. The api takes the three criteria together or not at all, so a partial set blocks sending.
 */
export function RideRatingForm(props: { rideId: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const [score, setScore] = useState(0);
  const [criteria, setCriteria] = useState<Record<Criterion, number>>({
    punctuality: 0,
    care: 0,
    communication: 0,
  });
  const [comment, setComment] = useState('');
  const [rated, setRated] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const given = CRITERIA.filter((c) => criteria[c] > 0).length;
  const partial = given > 0 && given < CRITERIA.length;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await getApi().rides.rate(props.rideId, {
        score,
        ...(given === CRITERIA.length ? { criteria } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setRated(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rate-title">
      <Title order={3} id="rate-title" size="h4" mb="xs">
        {t('ride.rate')}
      </Title>
      {rated ? (
        <Text role="status" data-testid="rating-done">
          {t('ride.rated')}
        </Text>
      ) : (
        <Stack gap="xs">
          <StarChoice label={t('ride.rate')} value={score} onChange={setScore} testId="rating" />
          <Stack gap={6} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Group justify="space-between" align="baseline">
              <Text component="legend" size="sm" fw={600}>
                {t('criteria.title')}
              </Text>
              {given > 0 && (
                <Button
                  variant="subtle"
                  size="compact-xs"
                  onClick={() => setCriteria({ punctuality: 0, care: 0, communication: 0 })}
                  data-testid="rating-criteria-clear"
                >
                  {t('criteria.clear')}
                </Button>
              )}
            </Group>
            {CRITERIA.map((criterion) => (
              <Group
                key={criterion}
                justify="space-between"
                gap="xs"
                wrap="nowrap"
                data-testid={`rating-${criterion}`}
              >
                <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
                  {t(`criteria.${criterion}`)}
                </Text>
                <StarChoice
                  label={t(`criteria.${criterion}`)}
                  value={criteria[criterion]}
                  onChange={(value) => setCriteria((c) => ({ ...c, [criterion]: value }))}
                  testId={`rating-${criterion}`}
                  compact
                />
              </Group>
            ))}
            <Text size="xs" c={partial ? 'orange.9' : 'dimmed'} role={partial ? 'alert' : undefined}>
              {partial ? t('criteria.incomplete') : t('criteria.hint')}
            </Text>
          </Stack>
          <Textarea
            label={t('ride.comment')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button
            data-testid="rating-submit"
            disabled={score === 0 || partial}
            loading={busy}
            onClick={() => void submit()}
          >
            {t('ride.rateSubmit')}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}
