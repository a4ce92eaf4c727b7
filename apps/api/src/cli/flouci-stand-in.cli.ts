import { loadConfig } from '../config/config';
import { startFlouciStandIn } from '../providers/flouci/flouci-stand-in';

// The local Flouci for dev: listens where FLOUCI_BASE_URL points. Open a payment's redirectUrl and press
// "Pay"; the stand-in then posts the webhook to the api (PUBLIC_API_URL), which verifies it as in production.
const config = loadConfig();
const port = Number(new URL(config.flouci.baseUrl).port || 80);
const standIn = await startFlouciStandIn({
  appToken: config.flouci.appToken,
  appSecret: config.flouci.appSecret,
  port,
});
console.log(
  `[flouci stand-in] Flouci-compatible API on ${standIn.url}; payments listed at ${standIn.url}/__stand-in/payments`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void standIn.close().then(() => process.exit(0));
  });
}
