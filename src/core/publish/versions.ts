/**
 * Version ordering as dpkg and rpm define it, for `--keep N` (which versions
 * of a package stay in the repository).
 */

function order(c: string): number {
  if (c === '~') return -1;
  if (/\d/.test(c)) return 0;
  if (c === '') return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp on one part (upstream version or revision). */
function dpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let diff = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = order(a[i] ?? '');
      const bc = order(b[j] ?? '');
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (diff === 0) diff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (diff !== 0) return diff;
  }
  return 0;
}

function splitDeb(v: string): [number, string, string] {
  const colon = v.indexOf(':');
  const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
}

/** Compares two Debian versions ([epoch:]upstream[-revision]): <0, 0, >0. */
export function compareDebVersions(a: string, b: string): number {
  const [ea, ua, ra] = splitDeb(a);
  const [eb, ub, rb] = splitDeb(b);
  if (ea !== eb) return ea - eb;
  return dpkgPart(ua, ub) || dpkgPart(ra, rb);
}

/** rpm's rpmvercmp on one string (version or release). */
export function rpmVercmp(a: string, b: string): number {
  if (a === b) return 0;
  const sa = a.match(/~|\^|\d+|[A-Za-z]+/g) ?? [];
  const sb = b.match(/~|\^|\d+|[A-Za-z]+/g) ?? [];
  for (let k = 0; ; k++) {
    const x = sa[k];
    const y = sb[k];
    if (x === '~' || y === '~') {
      if (x !== y) return x === '~' ? -1 : 1;
      continue;
    }
    if (x === '^' || y === '^') {
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (x !== y) return x === '^' ? -1 : 1;
      continue;
    }
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
    const xNum = /^\d/.test(x);
    const yNum = /^\d/.test(y);
    if (xNum !== yNum) return xNum ? 1 : -1;
    if (xNum) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
}

/** Compares rpm epoch:version-release triples. */
export function compareRpmEvr(a: {epoch: number; version: string; release: string}, b: {epoch: number; version: string; release: string}): number {
  return a.epoch - b.epoch || rpmVercmp(a.version, b.version) || rpmVercmp(a.release, b.release);
}
