import type {ImageInfo, RunContext} from './backend.js';
import type {EngineCommand} from './engine-command.js';

/** The image calls podman, docker and buildah spell the same way. */
export class EngineImages {
  constructor(private readonly cli: EngineCommand) {}

  /**
   * Inspects listed IDs in one call: one call per image took 15 s for 86
   * cache images. An image may go away between the listing and its
   * inspection, and the engine then refuses the whole call (`inspect`
   * gives undefined): only then are they asked for one at a time.
   */
  async inspectListed(ids: Iterable<string>, inspect: (ids: string[]) => Promise<ImageInfo[] | undefined>): Promise<ImageInfo[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const all = await inspect(unique);
    if (all) return all;
    const found: ImageInfo[] = [];
    for (const id of unique) found.push(...((await inspect([id])) ?? []));
    return found;
  }

  async tag(source: string, target: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['tag', source, target], {...ctx, outputLevel: 'debug'});
  }

  /** `rmi`, without the signal (it also cleans up after Ctrl-C); false when the engine refused or had no such image. */
  async remove(reference: string, ctx: Omit<RunContext, 'signal'>): Promise<boolean> {
    const r = await this.cli.run(['rmi', reference], {log: ctx.log, outputLevel: 'debug', allowFailure: true, timeoutMs: 120_000});
    return r.exitCode === 0;
  }
}

/**
 * The names among `names` that match `pattern` (`repository:tag`, `*` within
 * one path part or the tag): an engine's own reference filter also lists an
 * image's other names, and buildah has none to ask.
 */
export function matchingReferences(names: Iterable<string>, pattern: string): string[] {
  const [repository, tag] = pattern.split(/:(?=[^/]*$)/);
  const wanted = new RegExp(`^${`${repository}:${tag ?? '*'}`.replaceAll(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/:]*')}$`);
  return [...new Set(names)].filter((name) => wanted.test(name));
}
