'use client';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { SAVED_ADDRESS_LIMIT, type SavedAddress } from '@truck4u/contracts';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { type PickedPlace, PlaceField } from './place-field';
import type { SavedAddresses } from './saved-addresses';
import { useErrorText } from './use-error-text';

function SavedAddressRow(props: {
  address: SavedAddress;
  addresses: SavedAddresses;
  onError: (error: unknown) => void;
}) {
  const t = useTranslations('addresses');
  const { address } = props;
  const [renaming, setRenaming] = useState(false);
  const [label, setLabel] = useState(address.label);
  const [busy, setBusy] = useState<'rename' | 'delete' | null>(null);

  async function run(name: 'rename' | 'delete', action: () => Promise<void>) {
    setBusy(name);
    try {
      await action();
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper withBorder p="xs" radius="md" data-testid="saved-address" data-address-id={address.id}>
      {renaming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!label.trim()) return;
            void run('rename', async () => {
              await props.addresses.rename(address, label.trim());
              setRenaming(false);
            });
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={t('label')}
              value={label}
              maxLength={50}
              autoFocus
              onChange={(e) => setLabel(e.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="saved-address-rename-input"
            />
            <Button type="submit" loading={busy === 'rename'} data-testid="saved-address-rename-submit">
              {t('save')}
            </Button>
          </Group>
        </form>
      ) : (
        // Actions under the text, not beside it: on a phone the label and address keep the whole width.
        <div>
          <Text fw={600} data-testid="saved-address-label">
            <bdi>{address.label}</bdi>
          </Text>
          <Text size="sm" c="dimmed">
            <bdi>{address.address}</bdi>
          </Text>
          <Group gap="md" mt={4}>
            <Button
              variant="subtle"
              size="compact-sm"
              px={0}
              onClick={() => setRenaming(true)}
              data-testid="saved-address-rename"
            >
              {t('rename')}
            </Button>
            <Button
              variant="subtle"
              color="red.8"
              size="compact-sm"
              px={0}
              loading={busy === 'delete'}
              onClick={() => void run('delete', () => props.addresses.remove(address.id))}
              data-testid="saved-address-delete"
            >
              {t('delete')}
            </Button>
          </Group>
        </div>
      )}
    </Paper>
  );
}

/** The profile's saved addresses: add one (a label and a place), rename, delete. */
export function SavedAddressesPanel(props: { addresses: SavedAddresses; placeholder: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const [label, setLabel] = useState('');
  const [place, setPlace] = useState<PickedPlace | null>(null);
  // PlaceField keeps its own text; a new key empties it once the address is saved.
  const [formKey, setFormKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { items, loadError } = props.addresses;
  const full = (items?.length ?? 0) >= SAVED_ADDRESS_LIMIT;

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!place || !label.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await props.addresses.save({ label: label.trim(), ...place });
      setLabel('');
      setPlace(null);
      setFormKey((k) => k + 1);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="addresses-title">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={3} id="addresses-title" size="h4">
          {t('addresses.title')}
        </Title>
        {items && (
          <Text size="xs" c="dimmed">
            {t('addresses.count', { count: items.length, max: SAVED_ADDRESS_LIMIT })}
          </Text>
        )}
      </Group>
      {loadError ? <Alert color="red">{errorText(loadError)}</Alert> : null}
      {error && (
        <Alert color="red" role="alert" mb="xs" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {items === null && !loadError && <Text c="dimmed">{t('common.loading')}</Text>}
      {items?.length === 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('addresses.empty')}
        </Text>
      )}
      <Stack gap="xs" data-testid="saved-addresses">
        {items?.map((address) => (
          <SavedAddressRow
            key={address.id}
            address={address}
            addresses={props.addresses}
            onError={(e) => setError(errorText(e))}
          />
        ))}
      </Stack>
      {!full && (
        <form onSubmit={add} noValidate>
          <Stack gap="xs" mt="md">
            <Text fw={600} size="sm">
              {t('addresses.add')}
            </Text>
            <TextInput
              label={t('addresses.label')}
              value={label}
              maxLength={50}
              onChange={(e) => setLabel(e.currentTarget.value)}
              data-testid="saved-address-new-label"
            />
            <PlaceField
              key={formKey}
              label={t('addresses.place')}
              placeholder={props.placeholder}
              value={place}
              onChange={setPlace}
              testId="saved-address-new-place"
            />
            <Button
              type="submit"
              loading={busy}
              disabled={!place || !label.trim()}
              data-testid="saved-address-submit"
              style={{ alignSelf: 'flex-start' }}
            >
              {t('addresses.save')}
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
