// react-native-web renders `dataSet` as `data-*` attributes (the hooks tests and tools read); React Native
// ignores it. Its types do not know the prop, so it is declared here once.
import 'react-native';

declare module 'react-native' {
  interface ViewProps {
    dataSet?: Record<string, string | number | boolean | undefined>;
  }
  interface TextProps {
    dataSet?: Record<string, string | number | boolean | undefined>;
  }
}
