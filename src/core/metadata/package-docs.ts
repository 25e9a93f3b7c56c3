import {posix} from 'node:path';
import type {ProjectInfo} from '../project/read-project.js';
import type {PackageFormat} from '../types.js';
import {gzipReproducible, debChangelog, newestChangelogItems, type ChangelogEntry} from './changelog.js';
import {dep5Copyright, identifyLicense, spdxExpression} from './copyright.js';
import {readmeParagraph, synopsis, wrapParagraphs} from './description.js';

/** A file vdist adds to the package from the host: the copyright file, the changelog, license texts. */
export interface DocFile {
  /** Absolute path in the package. */
  path: string;
  content: Buffer;
  /** rpm marks `license` files %license and `doc` files %doc. */
  kind: 'doc' | 'license';
}

/** The project as the packagers see it: its metadata and, with a `changelog` key, that file. */
export interface ProjectDocsSource {
  info: ProjectInfo;
  /** The `changelog` key's file, read from the source; undefined when the key is unset or the file absent. */
  changelog?: {path: string; text?: string};
}

/** What the package says about the project's license, people and history. */
export interface ProjectDocs {
  /** SPDX expression, undefined when none was found anywhere. */
  license?: string;
  /** Where the license came from, for the log and the copyright file's Comment. */
  licenseOrigin?: string;
  maintainer?: string;
  /** `synopsis\nextended`, or undefined to keep the caller's default. */
  summary?: string;
  extended?: string;
  changelog: ChangelogEntry;
  files: DocFile[];
}

export interface DocsInput {
  app: string;
  /** dpkg's spelling of the version, for the changelog's first line. */
  debVersion: string;
  /** True when the version has no Debian revision: the changelog is then `changelog.gz` (a native package). */
  native: boolean;
  format: PackageFormat;
  /** fpm_args' --license, or the `license` key (which wins). */
  license?: string;
  maintainer?: string;
  /** The user's description (fpm_args' --description): its first line is the synopsis. */
  description?: string;
  long_description?: string;
  sourceDateEpoch: number;
  defaultMaintainer: string;
}

/** `Name <email>` of the first maintainer or author with an email address. */
export function projectMaintainer(info: ProjectInfo): string | undefined {
  const p = info.people.find((x) => x.email && /^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/.test(x.email));
  if (!p) return undefined;
  const name = (p.name ?? p.email!.split('@')[0]!).replace(/[<>,"]/g, '').trim();
  return `${name} <${p.email}>`;
}

/**
 * The license (an explicit one wins, then the project's declaration, then
 * what its license files are recognised as), the maintainer, the
 * description's parts, the changelog entry, and the files that carry them:
 * /usr/share/doc/{app}/copyright and changelog(.Debian).gz for a .deb, the
 * license texts under /usr/share/licenses/{app} (%license) for an .rpm.
 */
export function projectDocs(input: DocsInput, project: ProjectDocsSource | undefined): ProjectDocs {
  const info = project?.info ?? {licenseFiles: [], people: [], from: []};
  const where = info.from[0] ?? 'the project';
  const detected = [info.licenseText, ...info.licenseFiles.map((f) => f.text)].map((t) => (t ? identifyLicense(t) : undefined)).find(Boolean);
  const license = input.license
    ? {expression: spdxExpression(input.license), origin: 'vdist.toml'}
    : info.license
      ? {expression: spdxExpression(info.license), origin: where}
      : detected
        ? {expression: detected, origin: info.licenseFiles[0]?.path ?? where}
        : info.licenseFiles.length > 0 || info.licenseText
          ? {expression: 'LicenseRef-Custom', origin: info.licenseFiles[0]?.path ?? where}
          : undefined;
  const maintainer = input.maintainer ?? projectMaintainer(info) ?? input.defaultMaintainer;

  const givenLines = input.description?.trim().split('\n') ?? [];
  const first = givenLines[0] ?? info.summary;
  const summary = first ? synopsis(first, input.app) || undefined : undefined;
  const readme = info.readme ? readmeParagraph(info.readme.text, input.app) : undefined;
  const extended = input.long_description?.trim() ? wrapParagraphs(input.long_description.trim().split(/\n\s*\n/)) : readme ? wrapParagraphs([readme]) : undefined;

  const fromFile = project?.changelog?.text ? newestChangelogItems(project.changelog.text) : [];
  const changelog: ChangelogEntry = {
    author: maintainer,
    time: input.sourceDateEpoch,
    items: fromFile.length > 0 ? fromFile.slice(0, 40) : [`Version ${input.debVersion} of ${input.app}, packaged with vdist.`],
  };

  const files: DocFile[] = [];
  if (project) {
    if (input.format === 'deb') {
      const doc = `/usr/share/doc/${input.app}`;
      if (license) {
        const holders = info.people.map((p) => (p.name && p.email ? `${p.name} <${p.email}>` : (p.name ?? p.email!)));
        const text = dep5Copyright({app: input.app, license: license.expression, files: info.licenseFiles, inlineText: info.licenseText, holders, origin: license.origin, year: new Date(input.sourceDateEpoch * 1000).getUTCFullYear()});
        files.push({path: `${doc}/copyright`, content: Buffer.from(text, 'utf8'), kind: 'doc'});
      }
      const name = input.native ? 'changelog.gz' : 'changelog.Debian.gz';
      files.push({path: `${doc}/${name}`, content: gzipReproducible(debChangelog(input.app, input.debVersion, changelog)), kind: 'doc'});
    } else {
      const dir = `/usr/share/licenses/${input.app}`;
      const texts = info.licenseFiles.map((f) => ({name: posix.basename(f.path), text: f.text}));
      if (info.licenseText) texts.unshift({name: 'LICENSE', text: info.licenseText});
      const seen = new Set<string>();
      for (const t of texts) {
        let name = t.name;
        for (let n = 2; seen.has(name); n++) name = `${t.name}.${n}`;
        seen.add(name);
        files.push({path: `${dir}/${name}`, content: Buffer.from(t.text, 'utf8'), kind: 'license'});
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {license: license?.expression, licenseOrigin: license?.origin, maintainer, summary, extended, changelog, files};
}
