/**
 * Secrets never reach logs, error messages or packages. Everything that prints
 * a command line, a URL or a subprocess line passes through redact().
 */

const REDACTED = '***';

// scheme://user:password@host  and  scheme://token@host
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(?::([^\s/@]*))?@/gi;
// --password X, --token=X, --api-key X ... and PIP_PASSWORD=X style assignments
const SECRET_FLAG = /(--?(?:[a-z-]*(?:password|passwd|token|secret|api[-_]?key|auth)[a-z-]*)(?:=|\s+))(\S+)/gi;
const SECRET_ASSIGN = /\b([A-Z0-9_]*(?:PASSWORD|PASSWD|TOKEN|SECRET|API_KEY)[A-Z0-9_]*=)(\S+)/g;

const extraSecrets = new Set<string>();

/** Register a literal secret (e.g. a value read from the environment) so it is masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) extraSecrets.add(value);
}

export function redact(text: string): string {
  let out = text
    .replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) =>
      pass === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`,
    )
    .replace(SECRET_FLAG, (_m, flag: string) => `${flag}${REDACTED}`)
    .replace(SECRET_ASSIGN, (_m, name: string) => `${name}${REDACTED}`);
  for (const secret of extraSecrets) out = out.split(secret).join(REDACTED);
  return out;
}

export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a) => redact(a));
}
