import { createHmac, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { AccessTokens } from './access-token';

const config = {
  secret: 'unit-test-secret-that-is-long-enough-for-hs256',
  issuer: 'truck4u-api',
  audience: 'truck4u',
  accessTtlSeconds: 900,
  refreshTtlSeconds: 86_400,
};
const key = new TextEncoder().encode(config.secret);
const now = Math.floor(Date.now() / 1000);

function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'HS256', typ: 'at+jwt' },
  secret = key,
) {
  return new SignJWT({
    sub: randomUUID(),
    role: 'driver',
    jti: randomUUID(),
    sid: randomUUID(),
    iat: now,
    exp: now + 600,
    iss: config.issuer,
    aud: config.audience,
    ...claims,
  })
    .setProtectedHeader(header as { alg: string })
    .sign(secret);
}

/** A token jose would not sign (e.g. with a critical header), signed with the api's key. */
function signedByHand(header: Record<string, unknown>, payload: string) {
  const head = Buffer.from(JSON.stringify(header)).toString('base64url');
  return `${head}.${payload}.${createHmac('sha256', key).update(`${head}.${payload}`).digest('base64url')}`;
}

/** What jwtVerify answered with the options the api used before verifying by itself. */
async function joseVerdict(jwt: string): Promise<'valid' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID'> {
  try {
    await jwtVerify(jwt, key, {
      algorithms: ['HS256'],
      typ: 'at+jwt',
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    });
    return 'valid';
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
  }
}

async function ourVerdict(jwt: string) {
  try {
    await new AccessTokens(config).verify(jwt);
    return 'valid';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('access token verification', () => {
  it('accepts and refuses exactly the tokens jwtVerify did, for the same reasons', async () => {
    const good = await token();
    const [h, p, s] = good.split('.') as [string, string, string];
    const cases: Record<string, string> = {
      good,
      signedByTheApi: (
        await new AccessTokens(config).sign({ id: randomUUID(), role: 'customer' }, randomUUID())
      ).token,
      audienceList: await token({ aud: ['someone', config.audience] }),
      mediaTypeTyp: await token({}, { alg: 'HS256', typ: 'application/at+jwt' }),
      upperCaseTyp: await token({}, { alg: 'HS256', typ: 'AT+JWT' }),
      expired: await token({ exp: now - 1 }),
      expiringNow: await token({ exp: now }),
      notYetValid: await token({ nbf: now + 60 }),
      wrongIssuer: await token({ iss: 'someone-else' }),
      noIssuer: await token({ iss: undefined }),
      wrongAudience: await token({ aud: 'another-app' }),
      audienceListWithout: await token({ aud: ['a', 'b'] }),
      noJti: await token({ jti: undefined }),
      noExp: await token({ exp: undefined }),
      stringExp: await token({ exp: String(now + 600) }),
      wrongType: await token({}, { alg: 'HS256', typ: 'JWT' }),
      noType: await token({}, { alg: 'HS256' }),
      critical: signedByHand({ alg: 'HS256', typ: 'at+jwt', crit: ['exp'], exp: 1 }, p),
      unencodedPayload: signedByHand({ alg: 'HS256', typ: 'at+jwt', b64: false }, p),
      otherAlgorithm: await token({}, { alg: 'HS512', typ: 'at+jwt' }),
      otherSecret: await token(
        {},
        undefined,
        new TextEncoder().encode('another-secret-that-is-long-enough-too'),
      ),
      tamperedPayload: `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${s}`,
      algNone: `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${p}.`,
      emptySignature: `${h}.${p}.`,
      extraSegment: `${good}.x`,
      garbage: 'not.a.jwt',
      empty: '',
    };
    for (const [name, jwt] of Object.entries(cases)) {
      const expected = await joseVerdict(jwt);
      // The api's own claim rules (uuid sub and sid, a role) come on top of jose's; they refuse nothing here.
      expect(await ourVerdict(jwt), name).toBe(expected);
    }
  });

  it('refuses a signature with characters appended that a lenient base64 decoder would drop', async () => {
    const good = await token();
    expect(await ourVerdict(`${good}A`)).toBe('TOKEN_INVALID');
    expect(await ourVerdict(`${good}=`)).toBe('TOKEN_INVALID');
  });

  it('gives a token verified before the same answers: it still expires, and a token becomes valid at its nbf', async () => {
    const tokens = new AccessTokens(config);
    const shortLived = await token({ exp: now + 2 });
    const later = await token({ nbf: now + 2, exp: now + 600 });
    expect((await tokens.verify(shortLived)).exp).toBe(now + 2);
    await expect(tokens.verify(later)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    vi.useFakeTimers({ now: (now + 3) * 1000 });
    try {
      // Answered from the verified-token cache on the second call: the clock checks still run.
      await expect(tokens.verify(shortLived)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      expect((await tokens.verify(later)).exp).toBe(now + 600);
      expect(tokens.verifyNow(later).sub).toBe((await tokens.verify(later)).sub);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a tampered copy of a token it has already verified', async () => {
    const tokens = new AccessTokens(config);
    const good = await token();
    const [h, p, s] = good.split('.') as [string, string, string];
    await tokens.verify(good);
    const asAdmin = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${s}`;
    await expect(tokens.verify(asAdmin)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect((await tokens.verify(good)).role).toBe('driver');
  });
});
