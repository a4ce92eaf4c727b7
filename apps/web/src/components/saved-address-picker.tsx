'use client';
import { Button, Group, Text, TextInput } from '@mantine/core';
import type { SavedAddress } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { type SyntheticEvent, useState } from 'react';
import type { PickedPlace } from './place-field';
import type { SavedAddresses } from './saved-addresses';
import { useErrorText } from './use-error-text';

function isSamePlace(saved: SavedAddress, place: PickedPlace): boolean {
  return (
    saved.address === place.address &&
    Math.abs(saved.lat - place.lat) < 1e-6 &&
    Math.abs(saved.lng - place.lng) < 1e-6
  );
}

/**
 * Under an address field of the post form: the customer's saved addresses, one tap each, and "save this
 * address" for the place just chosen when it is not saved yet. `field` names the hooks (`pickup`, `dropoff`).
 */
export function SavedAddressPicker(props: {
  field: string;
  addresses: SavedAddresses;
  value: PickedPlace | null;
  onPick: (place: PickedPlace) => void;
}) {
  const t = useTranslations('addresses');
  const errorText = useErrorText();
  const [naming, setNaming] = useState(false);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = props.addresses.items ?? [];
  const { value } = props;
  const canSave = value !== null && !items.some((saved) => isSamePlace(saved, value));

  async function save(event: SyntheticEvent) {
    // Inside the post form: Enter or the button here saves the address, it must never post the ride.
    event.preventDefault();
    event.stopPropagation();
    if (!value || !label.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await props.addresses.save({ label: label.trim(), ...value });
      setNotice(t('saved', { label: saved.label }));
      setNaming(false);
      setLabel('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (items.length === 0 && !canSave && !notice) return null;
  return (
    <div>
      {items.length > 0 && (
        <Group gap={6} role="group" aria-label={t('pick')} data-testid={`saved-addresses-${props.field}`}>
          {items.map((saved) => {
            const chosen = value !== null && isSamePlace(saved, value);
            return (
              <Button
                key={saved.id}
                size="compact-sm"
                radius="xl"
                variant={chosen ? 'filled' : 'light'}
                aria-pressed={chosen}
                title={saved.address}
                data-testid="saved-address-option"
                data-address-id={saved.id}
                onClick={() => {
                  props.onPick({ lat: saved.lat, lng: saved.lng, address: saved.address });
                  setNotice(null);
                }}
              >
                <bdi>{saved.label}</bdi>
              </Button>
            );
          })}
        </Group>
      )}
      {notice && (
        <Text size="xs" c="teal.9" role="status" mt={4}>
          {notice}
        </Text>
      )}
      {canSave && !naming && (
        <Button
          variant="subtle"
          size="compact-sm"
          px={4}
          mt={4}
          data-testid={`save-address-${props.field}`}
          onClick={() => {
            setNaming(true);
            setNotice(null);
          }}
        >
          {t('saveThis')}
        </Button>
      )}
      {canSave && naming && (
        // Not a <form>: the post form is one already and forms do not nest; Enter is handled here.
        <Group gap="xs" mt={4} align="flex-end" wrap="nowrap">
          <TextInput
            label={t('label')}
            value={label}
            maxLength={50}
            autoFocus
            onChange={(e) => setLabel(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void save(e);
            }}
            style={{ flex: 1 }}
            error={error}
            data-testid="save-address-label"
          />
          <Button
            onClick={(e) => void save(e)}
            loading={busy}
            disabled={!label.trim()}
            data-testid="save-address-submit"
          >
            {t('save')}
          </Button>
        </Group>
      )}
    </div>
  );
}
