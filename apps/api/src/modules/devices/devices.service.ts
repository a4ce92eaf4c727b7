import type { Device, RegisterDevice, Role } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { notFound } from '../../errors/app-error';
import { deleteOwnDevice, saveDevice } from './devices.repository';

/** The signed-in user's push devices: POST and DELETE /api/me/devices. */
export class DevicesService {
  constructor(private readonly db: Database) {}

  async register(
    owner: { role: Role; userId: string },
    input: RegisterDevice,
  ): Promise<{ device: Device; created: boolean }> {
    const row = await saveDevice(this.db, owner, input);
    return {
      device: { token: row.token, platform: row.platform, createdAt: row.createdAt.toISOString() },
      created: !row.wasTheirs,
    };
  }

  async unregister(owner: { role: Role; userId: string }, token: string): Promise<void> {
    if (!(await deleteOwnDevice(this.db, owner, token))) throw notFound('Device');
  }
}
