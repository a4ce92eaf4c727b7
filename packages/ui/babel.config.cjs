// Jest transforms the components (JSX, TypeScript, Flow in react-native) with Expo's preset.
module.exports = (api) => {
  api.cache(true);
  return { presets: ['babel-preset-expo'] };
};
