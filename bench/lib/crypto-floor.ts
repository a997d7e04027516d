/**
 * devorg's unavoidable crypto per complete sign-in, measured in the bench process with devorg's own
 * functions: one scrypt verify at the given cost (devorg/crypto/password) and two RS256 signatures
 * (access + ID token) as devorg signs its tokens (devorg/crypto/keys `signJwt`: node:crypto with the
 * 2048-bit RSA key devorg loads). Reported as CPU time (process.cpuUsage: all threads, so the libuv pool's scrypt
 * counts), the same measure as devorg's CPU per sign-in, so the two make a ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateSigningKey, signJwt } from '../../devorg/crypto/keys';
import { hashPassword, verifyPassword } from '../../devorg/crypto/password';
import { Store } from '../../devorg/store';
import { summarize } from './stats';

export interface CryptoFloor {
  /** Median CPU ms of one (scrypt verify + 2 RS256 signatures) over the batches. */
  cpuMs: number;
  /** Median wall ms of the same. */
  wallMs: number;
  batches: number;
}

export async function cryptoFloor(dataParent: string, cost: number, batches = 7, perBatch = 30): Promise<CryptoFloor> {
  const dir = mkdtempSync(join(dataParent, 'floor-'));
  const store = await Store.open(join(dir, 'floor.sqlite'));
  try {
    const key = await loadOrCreateSigningKey(store, Date.now());
    const hash = await hashPassword('Bench-Passw0rd-42', cost);
    const claims = {
      ver: 1,
      iss: 'http://localhost/oauth2/default',
      aud: 'api://default',
      sub: 'bench@example.test',
      scp: ['openid', 'profile', 'email'],
    };
    const one = async () => {
      if (!(await verifyPassword('Bench-Passw0rd-42', hash))) throw new Error('crypto floor: verify failed');
      const iat = Math.floor(Date.now() / 1000);
      for (let i = 0; i < 2; i++) await signJwt(key, { ...claims, jti: String(i), iat, exp: iat + 3600 });
    };
    for (let i = 0; i < 10; i++) await one(); // warm-up
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let b = 0; b < batches; b++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < perBatch; i++) await one();
      const c = process.cpuUsage(c0);
      wall.push((performance.now() - t0) / perBatch);
      cpu.push((c.user + c.system) / 1000 / perBatch);
    }
    return { cpuMs: summarize(cpu).median, wallMs: summarize(wall).median, batches };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
