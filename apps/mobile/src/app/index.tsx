import { colors } from '@truck4u/ui';
import { ActivityIndicator, View } from 'react-native';

/** The gate sends everyone on from here: sign-in, or the home of their role. */
export default function Index() {
  return (
    <View
      style={{ flex: 1, alignItems: 'center', justifyContent: 'center', backgroundColor: colors.background }}
    >
      <ActivityIndicator size="large" color={colors.primary} />
    </View>
  );
}
