// The safe-area provider measures a real window; the library's own mock gives fixed insets in Jest.
jest.mock(
  'react-native-safe-area-context',
  () => require('react-native-safe-area-context/jest/mock').default,
);
