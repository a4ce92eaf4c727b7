// Expo finds the workspace root itself (watch folders, node_modules of the monorepo).
const { getDefaultConfig } = require('expo/metro-config');

module.exports = getDefaultConfig(__dirname);
