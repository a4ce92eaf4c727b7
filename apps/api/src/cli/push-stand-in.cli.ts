import { loadConfig } from '../config/config';
import { startExpoPushStandIn } from '../providers/push/expo-push-stand-in';

// The local Expo push service for dev: listens where EXPO_PUSH_BASE_URL points and prints every notification.
const config = loadConfig();
const port = Number(new URL(config.push.baseUrl).port || 80);
const standIn = await startExpoPushStandIn({ accessToken: config.push.accessToken, port });
let printed = 0;
const print = setInterval(() => {
  while (standIn.pushes.length > printed) {
    const p = standIn.pushes[printed];
    if (p) console.log(`[push stand-in] to ${p.to}: ${p.title} — ${p.body}`);
    printed += 1;
  }
}, 250);
console.log(
  `[push stand-in] Expo-compatible push API on ${standIn.url}; read notifications at ${standIn.url}/__stand-in/pushes`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    clearInterval(print);
    void standIn.close().then(() => process.exit(0));
  });
}
