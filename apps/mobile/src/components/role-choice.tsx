import { ChoiceChips } from '@truck4u/ui';
import { useI18n } from '../i18n/i18n-context';

export type SelfServiceRole = 'customer' | 'driver';

export function RoleChoice(props: { value: SelfServiceRole; onChange: (role: SelfServiceRole) => void }) {
  const { t } = useI18n();
  return (
    <ChoiceChips
      label={t.auth.iAm}
      value={props.value}
      onChange={props.onChange}
      choices={[
        { value: 'customer', label: t.auth.customer, testID: 'login-role-customer' },
        { value: 'driver', label: t.auth.driver, testID: 'login-role-driver' },
      ]}
    />
  );
}
