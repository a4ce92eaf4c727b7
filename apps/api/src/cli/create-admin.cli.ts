import { parseArgs } from 'node:util';
import { ADMIN_ROLES, adminRoleSchema, normalizePhone, passwordSchema } from '@truck4u/contracts';
import { createDatabase } from '@truck4u/database';
import { loadConfig } from '../config/config';
import { AppError } from '../errors/app-error';
import { hashPassword } from '../modules/auth/password-hasher';
import { insertAdmin } from '../modules/users/users.repository';

const usage = `usage: npm run admin:create -- --phone <phone> --password <password> --name <name> [--role ${ADMIN_ROLES.join('|')}] (default SUPERADMIN)`;
const { values } = parseArgs({
  options: {
    phone: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'SUPERADMIN' },
  },
});

const problems: string[] = [];
const phone = values.phone ? normalizePhone(values.phone) : null;
if (!phone) problems.push('--phone must be a valid phone number');
const password = passwordSchema.safeParse(values.password ?? '');
if (!password.success) problems.push(`--password: ${password.error.issues[0]?.message ?? 'invalid'}`);
if (!values.name || values.name.trim().length < 2) problems.push('--name must have at least 2 characters');
const role = adminRoleSchema.safeParse(values.role);
if (!role.success) problems.push(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
if (problems.length > 0 || !phone || !values.name || !role.success) {
  console.error([...problems, usage].join('\n'));
  process.exit(2);
}

const config = loadConfig();
const database = createDatabase({ url: config.database.url, maxConnections: 1 });
try {
  const admin = await insertAdmin(database.db, {
    phone,
    name: values.name.trim(),
    passwordHash: await hashPassword(password.data ?? ''),
    role: role.data,
  });
  console.log(`admin created: ${admin.name} ${admin.phone} (${admin.id}), role ${role.data}`);
} catch (error) {
  console.error(error instanceof AppError ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
