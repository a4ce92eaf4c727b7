// Metro and Jest both transform with Expo's preset (it adds the worklets plugin when reanimated is there).
module.exports = (api) => {
  api.cache(true);
  return { presets: ['babel-preset-expo'] };
};
