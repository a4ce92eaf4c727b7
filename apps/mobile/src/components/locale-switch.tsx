import { LOCALES, type Locale } from '@truck4u/logic';
import { ChoiceChips } from '@truck4u/ui';
import { useI18n } from '../i18n/i18n-context';

const NAMES: Record<Locale, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

/** The language switch; Arabic lays every screen out right to left at once. */
export function LocaleSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <ChoiceChips
      testID="locale-switch"
      label={t.common.language}
      value={locale}
      onChange={setLocale}
      choices={LOCALES.map((l) => ({ value: l, label: NAMES[l], testID: `locale-${l}` }))}
    />
  );
}
