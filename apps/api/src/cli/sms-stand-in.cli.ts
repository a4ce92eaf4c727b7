import { loadConfig } from '../config/config';
import { startTwilioStandIn } from '../providers/sms/twilio-stand-in';

// The local SMS provider for dev: listens where TWILIO_BASE_URL points and prints every message.
const config = loadConfig();
const port = Number(new URL(config.sms.baseUrl).port || 80);
const standIn = await startTwilioStandIn({
  accountSid: config.sms.accountSid,
  authToken: config.sms.authToken,
  port,
});
const print = setInterval(() => {
  while (standIn.messages.length > printed) {
    const m = standIn.messages[printed];
    if (m) console.log(`[sms stand-in] to ${m.to}: ${m.body}`);
    printed += 1;
  }
}, 250);
let printed = 0;
console.log(
  `[sms stand-in] Twilio-compatible API on ${standIn.url}; read messages at ${standIn.url}/__stand-in/messages`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    clearInterval(print);
    void standIn.close().then(() => process.exit(0));
  });
}
