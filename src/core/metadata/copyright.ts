import type {ProjectFile} from '../project/read-project.js';
import {wrapWords} from './description.js';

/**
 * The license of a package from the project's metadata, as Debian's
 * machine-readable copyright file (DEP-5) and rpm's License tag want it.
 */

/** Well-known license texts, recognised by phrases that stay the same across copies. */
const KNOWN_TEXTS: [string, RegExp][] = [
  ['Apache-2.0', /Apache License[\s\S]{0,40}Version 2\.0/i],
  ['MPL-2.0', /Mozilla Public License,?\s+(?:Version|v\.)\s*2\.0/i],
  ['AGPL-3.0-or-later', /GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['LGPL-3.0-or-later', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['LGPL-2.1-or-later', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/i],
  ['GPL-3.0-or-later', /GNU GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['GPL-2.0-or-later', /GNU GENERAL PUBLIC LICENSE\s+Version 2/i],
  ['MIT', /Permission is hereby granted, free of charge, to any person obtaining a copy/i],
  ['BSD-3-Clause', /Neither the name of[\s\S]{0,200}may be used to endorse or promote/i],
  ['BSD-2-Clause', /Redistributions in binary form must reproduce the above copyright notice/i],
  ['ISC', /Permission to use, copy, modify, and(?:\/or)? distribute this software for any purpose with or without fee/i],
  ['Unlicense', /This is free and unencumbered software released into the public domain/i],
  ['0BSD', /Permission to use, copy, modify, and\/or distribute this software for any purpose with or without fee is hereby granted\.\s+THE SOFTWARE/i],
];

/** The SPDX identifier of a well-known license text, or undefined. */
export function identifyLicense(text: string): string | undefined {
  const flat = text.replace(/\s+/g, ' ');
  return KNOWN_TEXTS.find(([, re]) => re.test(flat))?.[0];
}

/** Names people write in `license = {text = "..."}` or setup.cfg, mapped to SPDX identifiers. */
const ALIASES: Record<string, string> = {
  mit: 'MIT', 'mit license': 'MIT', expat: 'MIT', bsd: 'BSD-3-Clause', 'bsd license': 'BSD-3-Clause', 'new bsd': 'BSD-3-Clause',
  'bsd-3': 'BSD-3-Clause', 'bsd-2': 'BSD-2-Clause', apache: 'Apache-2.0', 'apache 2.0': 'Apache-2.0', 'apache-2': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0', 'apache software license': 'Apache-2.0', 'apache license, version 2.0': 'Apache-2.0',
  gpl: 'GPL-3.0-or-later', gplv2: 'GPL-2.0-only', gplv3: 'GPL-3.0-only', 'gpl-2': 'GPL-2.0-only', 'gpl-3': 'GPL-3.0-only',
  'gplv2+': 'GPL-2.0-or-later', 'gplv3+': 'GPL-3.0-or-later', lgpl: 'LGPL-3.0-or-later', isc: 'ISC', mpl: 'MPL-2.0', 'mpl-2': 'MPL-2.0',
  'mpl 2.0': 'MPL-2.0', 'public domain': 'LicenseRef-Public-Domain', unlicense: 'Unlicense', proprietary: 'LicenseRef-Proprietary',
};

/** An SPDX expression for what the project declares: an expression stays, a common name is mapped, other text becomes LicenseRef-. */
export function spdxExpression(declared: string): string {
  const text = declared.trim();
  const alias = ALIASES[text.toLowerCase()];
  if (alias) return alias;
  if (/^[A-Za-z0-9.+-]+(?:\s+(?:AND|OR|WITH)\s+[A-Za-z0-9.+-]+|\s*[()]\s*)*$/.test(text.replace(/[()]/g, ' '))) return text;
  return `LicenseRef-${text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'Custom'}`;
}

/** SPDX identifiers to DEP-5 short names, where they differ. */
const DEP5_NAMES: Record<string, string> = {
  MIT: 'Expat', 'BSD-2-Clause': 'BSD-2-clause', 'BSD-3-Clause': 'BSD-3-clause', 'GPL-2.0-only': 'GPL-2', 'GPL-2.0-or-later': 'GPL-2+',
  'GPL-3.0-only': 'GPL-3', 'GPL-3.0-or-later': 'GPL-3+', 'LGPL-2.1-only': 'LGPL-2.1', 'LGPL-2.1-or-later': 'LGPL-2.1+',
  'LGPL-3.0-only': 'LGPL-3', 'LGPL-3.0-or-later': 'LGPL-3+', 'AGPL-3.0-only': 'AGPL-3', 'AGPL-3.0-or-later': 'AGPL-3+',
  'GFDL-1.3-only': 'GFDL-1.3', 'GFDL-1.3-or-later': 'GFDL-1.3+', 'MPL-2.0': 'MPL-2.0', 'Apache-2.0': 'Apache-2.0',
  'GPL-2.0': 'GPL-2', 'GPL-3.0': 'GPL-3', 'LGPL-2.1': 'LGPL-2.1', 'LGPL-3.0': 'LGPL-3', 'GPL-2.0+': 'GPL-2+', 'GPL-3.0+': 'GPL-3+',
};

/** The DEP-5 `License:` first line of an SPDX expression: short names, lower-case `and`/`or`, `with X exception`. */
export function dep5LicenseName(expression: string): string {
  return expression
    .replace(/\s+WITH\s+([A-Za-z0-9.+-]+)/g, (_, e: string) => ` with ${e.replace(/-exception(?:-[\d.]+)?$/i, '')} exception`)
    .replace(/\s+(AND|OR)\s+/g, (_, op: string) => ` ${op.toLowerCase()} `)
    .replace(/[A-Za-z0-9.+-]+/g, (id) => DEP5_NAMES[id] ?? id)
    .replace(/^\((.*)\)$/, '$1');
}

/**
 * Licenses whose text Debian ships in /usr/share/common-licenses: lintian
 * wants the copyright file to point there rather than hold the text again
 * (an error for the GPL family, Apache 2.0 and the GFDL).
 */
const COMMON_LICENSES: [RegExp, string][] = [
  [/^Apache-2\.0$/, 'Apache-2.0'],
  [/^AGPL/, ''],
  [/^LGPL-2\.1/, 'LGPL-2.1'],
  [/^LGPL-2\.0/, 'LGPL-2'],
  [/^LGPL-3/, 'LGPL-3'],
  [/^GPL-1/, 'GPL-1'],
  [/^GPL-2/, 'GPL-2'],
  [/^GPL-3/, 'GPL-3'],
  [/^GFDL-1\.2/, 'GFDL-1.2'],
  [/^GFDL-1\.3/, 'GFDL-1.3'],
  [/^MPL-2\.0$/, 'MPL-2.0'],
  [/^MPL-1\.1$/, 'MPL-1.1'],
  [/^CC0-1\.0$/, 'CC0-1.0'],
];

function commonLicenseFile(id: string): string | undefined {
  return COMMON_LICENSES.find(([re]) => re.test(id))?.[1] || undefined;
}

/** What the copyright file is written from. */
export interface CopyrightInput {
  app: string;
  /** The SPDX expression (already chosen: the `license` key, fpm_args' --license, else the project's). */
  license: string;
  /** License files of the project, shipped as text unless Debian has them in common-licenses. */
  files: readonly ProjectFile[];
  /** A license text given inline in pyproject.toml. */
  inlineText?: string;
  /** Copyright holders, when the texts carry no `Copyright` line: the project's authors. */
  holders: readonly string[];
  /** Where the license came from, for the Comment field. */
  origin: string;
  /** The year of the release (SOURCE_DATE_EPOCH's), for holders named without a notice. */
  year: number;
}

/** `/usr/share/doc/{app}/copyright` in the machine-readable format (DEP-5, copyright-format 1.0). */
export function dep5Copyright(input: CopyrightInput): string {
  const texts = [...(input.inlineText ? [input.inlineText] : []), ...input.files.map((f) => f.text)];
  const notices = [...new Set(texts.flatMap((t) => t.split(/\r?\n/).filter((l) => /^\s*(?:Copyright\b|\(c\)|©)/i.test(l)).map((l) => l.trim().replace(/^Copyright\s*(?:\(c\)|©)?\s*/i, ''))))].filter(Boolean);
  const holders = input.holders.length > 0 ? input.holders : [`the ${input.app} authors`];
  const copyright = notices.length > 0 ? notices : holders.map((h) => `${input.year} ${h}`);
  const ids = input.license.split(/[\s()]+/).filter((w) => w !== '' && !/^(AND|OR|WITH)$/.test(w));
  const pointers = ids.map((id) => [id, commonLicenseFile(id)] as const).filter((p): p is readonly [string, string] => p[1] !== undefined);
  // A text Debian already ships is pointed at; every other text goes in whole.
  const shipped = texts.filter((t) => {
    const known = identifyLicense(t);
    return known === undefined || commonLicenseFile(known) === undefined;
  });
  const body: string[] = [];
  for (const [id, file] of pointers) body.push(wrapWords(`On Debian systems, the full text of ${id} can be found in /usr/share/common-licenses/${file}.`, 78).join('\n'));
  for (const text of shipped) body.push(text.replace(/\t/g, '    ').replace(/\r\n?/g, '\n').trim());
  if (shipped.length === 0) {
    const missing = ids.filter((id) => !pointers.some(([p]) => p === id));
    if (missing.length > 0 || body.length === 0) body.push(`The text of ${(missing.length > 0 ? missing : ids).join(', ')} is not part of the source of ${input.app}.`);
  }
  const license = `License: ${dep5LicenseName(input.license)}\n${continuation(body.join('\n\n'))}`;
  return [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${input.app}`,
    `Comment: Written by vdist from ${input.origin}.`,
    '',
    'Files: *',
    `Copyright: ${copyright.join('\n ')}`,
    license,
    '',
  ].join('\n');
}

/** Text as the continuation lines of a deb822 field: one leading space, an empty line as ` .`. */
export function continuation(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() === '' ? ' .' : ` ${l.replace(/\s+$/, '')}`))
    .join('\n');
}
