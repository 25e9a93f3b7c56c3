import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {ExitCode, VdistError} from '../errors.js';
import {readDebControl, type DebControl} from '../formats/deb/reader.js';
import {readRpmInfo, type RpmInfo} from '../formats/rpm/reader.js';
import {formatFacts} from '../formats/facts.js';
import type {PackageFormat} from '../types.js';

export type InputPackage =
  | {format: 'deb'; file: string; name: string; control: DebControl; arch: string}
  | {format: 'rpm'; file: string; name: string; info: RpmInfo; arch: string};

/** A package's architecture in Debian's spelling, so one `--arch` list serves every repository. */
export function debianArch(format: PackageFormat, arch: string): string {
  return formatFacts(format).debianArch(arch);
}

/** Hex digests of a file, read once. */
export async function fileDigests(file: string, algos: readonly string[], start = 0): Promise<Record<string, string>> {
  const hashes = algos.map((a) => createHash(a));
  for await (const chunk of createReadStream(file, {start})) for (const h of hashes) h.update(chunk as Buffer);
  return Object.fromEntries(algos.map((a, i) => [a, hashes[i]!.digest('hex')]));
}

/** Reads one package's metadata; a file that is not what its name says is a usage error (exit 2). */
export async function readInput(file: string): Promise<InputPackage> {
  const format = file.endsWith('.deb') ? 'deb' : 'rpm';
  try {
    if (format === 'deb') {
      const control = await readDebControl(file);
      return {format, file, name: control.get('Package')!, control, arch: control.get('Architecture')!};
    }
    const info = await readRpmInfo(file);
    return {format, file, name: info.name, info, arch: info.arch};
  } catch (error) {
    const why = error instanceof VdistError ? error.message : (error as Error).message;
    throw new VdistError(`${file} is not a readable .${format} package: ${why}`, {code: 'NOT_A_PACKAGE', exit: ExitCode.usage, cause: error});
  }
}

/**
 * The .deb and .rpm files directly in `dir` (a run's output directory),
 * checked against `arches` (Debian spelling; `all`/`noarch` always pass).
 */
export async function readInputs(dir: string, arches: readonly string[] | undefined): Promise<InputPackage[]> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new VdistError(`${dir} is not a directory`, {code: 'USAGE', exit: ExitCode.usage});
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && /\.(deb|rpm)$/.test(n)).sort();
  const inputs: InputPackage[] = [];
  for (const n of names) inputs.push(await readInput(join(dir, n)));
  if (arches && arches.length > 0) {
    const wrong = inputs.filter((p) => {
      const a = debianArch(p.format, p.arch);
      return a !== 'all' && !arches.includes(a);
    });
    if (wrong.length > 0) {
      throw new VdistError(`${wrong.map((p) => `${p.file} (${p.arch})`).join(', ')}: architecture not in the repository's --arch ${arches.join(',')}`, {
        code: 'ARCH_MISMATCH', exit: ExitCode.usage, suggestions: ['Add the architecture with --arch, or publish those packages into another repository'],
      });
    }
  }
  return inputs;
}
