import type { Config } from '../../config/config';
import { LocalDiskStorage } from './local-disk.storage';
import type { ObjectStorage } from './object-storage';
import { S3Storage } from './s3.storage';

/** The storage STORAGE_DRIVER names; `contentUrl` is where the api serves the local driver's signed URLs. */
export function createObjectStorage(config: Config, contentUrl: (key: string) => string): ObjectStorage {
  const { storage } = config;
  if (storage.driver === 's3') return new S3Storage(storage.s3);
  return new LocalDiskStorage({ dir: storage.localDir, secret: storage.localSigningSecret, contentUrl });
}
