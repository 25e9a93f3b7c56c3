/** What vdist needs to know of a secret key: gpg's `--with-colons` listing, one record per primary key. */
export interface SigningKeyInfo {
  fingerprint: string;
  /** OpenPGP public-key algorithm: 1 RSA, 17 DSA, 19 ECDSA, 22 EdDSA. */
  algorithm: number;
  /** Seconds since the epoch: the newest creation time of the key and its subkeys (gpg may sign with any of them, so no signature is dated earlier). */
  created: number;
  /** Seconds since the epoch; undefined when the key never expires. */
  expires?: number;
  /** gpg's validity letter: e expired, r revoked, u ultimate, - unknown... */
  validity: string;
  /** The key or one of its subkeys may sign (capital S in gpg's capabilities). */
  canSign: boolean;
  uid?: string;
}

/** Parses `gpg --with-colons --fixed-list-mode --list-secret-keys`. */
export function parseSecretKeys(colons: string): SigningKeyInfo[] {
  const keys: SigningKeyInfo[] = [];
  let current: SigningKeyInfo | undefined;
  let wantFpr = false;
  for (const line of colons.split('\n')) {
    const f = line.split(':');
    if (f[0] === 'sec') {
      current = {
        fingerprint: '',
        algorithm: Number(f[3]),
        created: Number(f[5]),
        validity: f[1] ?? '',
        canSign: (f[11] ?? '').includes('S'),
      };
      if (f[6]) current.expires = Number(f[6]);
      keys.push(current);
      wantFpr = true;
    } else if (f[0] === 'fpr' && current && wantFpr) {
      current.fingerprint = f[9] ?? '';
      wantFpr = false;
    } else if (f[0] === 'uid' && current && current.uid === undefined) {
      current.uid = f[9];
    } else if (f[0] === 'ssb') {
      wantFpr = false;
      if (current) current.created = Math.max(current.created, Number(f[5]) || 0);
    }
  }
  return keys;
}

/** An expired key is refused even when gpg's validity letter lags behind the clock. */
export function isExpired(key: SigningKeyInfo, nowSeconds: number): boolean {
  return key.validity === 'e' || (key.expires !== undefined && key.expires <= nowSeconds);
}
