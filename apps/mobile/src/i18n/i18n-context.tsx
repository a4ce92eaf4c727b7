import {
  catalogues,
  DEFAULT_LOCALE,
  directionOf,
  errorMessage,
  interpolate,
  isLocale,
  type Locale,
  type Messages,
} from '@truck4u/logic';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { I18nManager, Platform } from 'react-native';
import { STORAGE_KEYS } from '../services/key-value-storage';
import { useServices } from '../services/services-context';
import { mobileMessages } from './mobile-messages';

export interface I18n {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  t: Messages;
  m: (typeof mobileMessages)[Locale];
  format: typeof interpolate;
  errorText: (code: string | null | undefined) => string | null;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

// Layout mirrors through the `direction` style at the root (Yoga on phones, CSS on the web), which switches at
// once; I18nManager only lets native widgets (text inputs, the tab bar) follow.
I18nManager.allowRTL(true);

export function I18nProvider(props: { children: ReactNode; initialLocale?: Locale }) {
  const { storage } = useServices();
  const [locale, setLocaleState] = useState<Locale>(props.initialLocale ?? DEFAULT_LOCALE);

  useEffect(() => {
    if (props.initialLocale) return;
    void storage.get(STORAGE_KEYS.locale).then((saved) => {
      if (saved && isLocale(saved)) setLocaleState(saved);
    });
  }, [storage, props.initialLocale]);

  useEffect(() => {
    if (Platform.OS === 'web' && typeof document !== 'undefined') {
      document.documentElement.lang = locale;
      document.documentElement.dir = directionOf(locale);
    }
  }, [locale]);

  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      void storage.set(STORAGE_KEYS.locale, next);
    },
    [storage],
  );

  const value = useMemo<I18n>(
    () => ({
      locale,
      dir: directionOf(locale),
      t: catalogues[locale],
      m: mobileMessages[locale],
      format: interpolate,
      errorText: (code) => (code ? errorMessage(code, locale) : null),
      setLocale,
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
