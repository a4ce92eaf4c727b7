'use client';
import { Paper, Stack, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useLocale } from 'next-intl';
import { useEffect, useId, useState } from 'react';

export interface PickedPlace {
  lat: number;
  lng: number;
  address: string;
}

/**
 * An address field with suggestions from the web server's geocoder (offline Tunisian towns by default, a
 * Nominatim-compatible service when GEOCODER_URL is set). Each suggestion is a `place-option`.
 */
export function PlaceField(props: {
  label: string;
  placeholder: string;
  value: PickedPlace | null;
  onChange: (place: PickedPlace) => void;
  testId: string;
}) {
  const locale = useLocale();
  const listId = useId();
  const [text, setText] = useState(props.value?.address ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [items, setItems] = useState<Array<{ label: string; lat: number; lng: number }>>([]);
  const [query] = useDebouncedValue(text, 200);

  useEffect(() => {
    if (props.value) setText(props.value.address);
  }, [props.value]);

  useEffect(() => {
    if (!open || query.trim().length < 2) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    fetch(`/geo/search?q=${encodeURIComponent(query)}&lang=${locale}`, { signal: controller.signal })
      .then((r) => r.json() as Promise<{ items: Array<{ label: string; lat: number; lng: number }> }>)
      .then((body) => {
        setItems(body.items);
        setActive(0);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [query, open, locale]);

  const choose = (item: { label: string; lat: number; lng: number }) => {
    props.onChange({ lat: item.lat, lng: item.lng, address: item.label });
    setText(item.label);
    setOpen(false);
  };
  const expanded = open && items.length > 0;

  return (
    <div style={{ position: 'relative' }}>
      <TextInput
        label={props.label}
        placeholder={props.placeholder}
        value={text}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        autoComplete="off"
        data-testid={props.testId}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (!expanded) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(items.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const item = items[active];
            if (item) choose(item);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {expanded && (
        <Paper
          withBorder
          shadow="md"
          id={listId}
          role="listbox"
          style={{ position: 'absolute', insetInline: 0, zIndex: 1000, marginTop: 4 }}
        >
          <Stack gap={0}>
            {items.map((item, index) => (
              <UnstyledButton
                key={`${item.label}-${item.lat}`}
                role="option"
                aria-selected={index === active}
                data-testid="place-option"
                px="sm"
                py={8}
                style={{ background: index === active ? 'var(--mantine-color-indigo-0)' : undefined }}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(item)}
              >
                {item.label}
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>
      )}
    </div>
  );
}
