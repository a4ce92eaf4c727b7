'use client';
import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { MAX_RIDE_STOPS } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { type PickedPlace, PlaceField } from './place-field';
import { SavedAddressPicker } from './saved-address-picker';
import type { SavedAddresses } from './saved-addresses';

export interface StopDraft {
  /** Stable across reordering, so each field keeps its own typed text. */
  key: string;
  place: PickedPlace | null;
  note: string;
}

const NOTE_MAX = 100;
const ADDRESS_MAX = 300;
let nextKey = 0;

export function newStopDraft(): StopDraft {
  nextKey += 1;
  return { key: `stop-${nextKey}`, place: null, note: '' };
}

/**
 * A stop's address as the ride carries it. The api's stop is `{ lat, lng, address }` with no note of its own,
 * so the note travels after the address, where the driver reads it; the address gives way to stay within 300.
 */
export function stopAddress(place: PickedPlace, note: string): string {
  const trimmed = note.trim();
  if (!trimmed) return place.address;
  const separator = ' — ';
  return `${place.address.slice(0, ADDRESS_MAX - trimmed.length - separator.length)}${separator}${trimmed}`;
}

/** The post form's stops between pickup and dropoff: each an address (or a saved one) and a note, in order. */
export function StopsEditor(props: {
  stops: StopDraft[];
  onChange: (stops: StopDraft[]) => void;
  addresses: SavedAddresses;
  placeholder: string;
}) {
  const t = useTranslations('routeStops');
  const { stops, onChange } = props;
  const update = (key: string, change: Partial<StopDraft>) =>
    onChange(stops.map((s) => (s.key === key ? { ...s, ...change } : s)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...stops];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + by, 0, moved);
    onChange(next);
  };

  return (
    <Stack gap="xs" component="section" aria-labelledby="stops-editor-title">
      <div>
        <Text fw={600} size="sm" id="stops-editor-title">
          {t('title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('hint', { max: MAX_RIDE_STOPS })}
        </Text>
      </div>
      {stops.map((stop, index) => (
        <Paper key={stop.key} withBorder p="xs" radius="md" data-testid="stop-draft">
          <Stack gap={6}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <div style={{ flex: 1, minWidth: 0 }}>
                <PlaceField
                  label={t('stop', { index: index + 1 })}
                  placeholder={props.placeholder}
                  value={stop.place}
                  onChange={(place) => update(stop.key, { place })}
                  testId={`stop-input-${index}`}
                />
              </div>
              <Group gap={2} wrap="nowrap" mb={4}>
                <ActionIcon
                  variant="subtle"
                  size="lg"
                  disabled={index === 0}
                  aria-label={t('up', { index: index + 1 })}
                  onClick={() => move(index, -1)}
                  data-testid={`stop-up-${index}`}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  size="lg"
                  disabled={index === stops.length - 1}
                  aria-label={t('down', { index: index + 1 })}
                  onClick={() => move(index, 1)}
                  data-testid={`stop-down-${index}`}
                >
                  ↓
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red.8"
                  size="lg"
                  aria-label={t('remove', { index: index + 1 })}
                  onClick={() => onChange(stops.filter((s) => s.key !== stop.key))}
                  data-testid={`stop-remove-${index}`}
                >
                  ✕
                </ActionIcon>
              </Group>
            </Group>
            <SavedAddressPicker
              field={`stop-${index}`}
              addresses={props.addresses}
              value={stop.place}
              onPick={(place) => update(stop.key, { place })}
            />
            <TextInput
              size="xs"
              label={t('note')}
              value={stop.note}
              maxLength={NOTE_MAX}
              onChange={(e) => update(stop.key, { note: e.currentTarget.value })}
              data-testid={`stop-note-${index}`}
            />
          </Stack>
        </Paper>
      ))}
      {stops.length < MAX_RIDE_STOPS && (
        <Button
          variant="light"
          size="sm"
          onClick={() => onChange([...stops, newStopDraft()])}
          data-testid="add-stop"
          style={{ alignSelf: 'flex-start' }}
        >
          + {t('add')}
        </Button>
      )}
    </Stack>
  );
}
