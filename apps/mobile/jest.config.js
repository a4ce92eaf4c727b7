/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.tsx'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  // Workspace packages ship TypeScript sources: transform them like the app's own files.
  transformIgnorePatterns: [
    'node_modules/(?!((jest-)?react-native|@react-native(-community)?)|expo(nent)?|@expo(nent)?/.*|expo-router|standard-navigation|react-navigation|@react-navigation/.*|socket.io-client|engine.io-client|@truck4u/.*)',
  ],
};
