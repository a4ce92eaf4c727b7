import { loadConfig } from '../config/config';
import { startS3StandIn } from '../providers/storage/s3-stand-in';

// The local S3 for dev: run the api with STORAGE_DRIVER=s3 and S3_ENDPOINT=http://127.0.0.1:4040 (the default
// here). It keeps objects in memory, checks every request's SigV4 signature with S3_SECRET_ACCESS_KEY and
// refuses expired presigned URLs, as a real bucket would.
const config = loadConfig();
const endpoint = new URL(config.storage.s3.endpoint ?? 'http://127.0.0.1:4040');
const standIn = await startS3StandIn({
  accessKeyId: config.storage.s3.accessKeyId,
  secretAccessKey: config.storage.s3.secretAccessKey,
  region: config.storage.s3.region,
  bucket: config.storage.s3.bucket,
  port: Number(endpoint.port || 80),
});
console.log(
  `[s3 stand-in] S3-compatible API on ${standIn.url}, bucket ${config.storage.s3.bucket} (path-style)`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void standIn.close().then(() => process.exit(0));
  });
}
