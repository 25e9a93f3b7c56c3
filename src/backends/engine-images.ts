import type {ImageInfo, RunContext} from './backend.js';
import type {EngineCommand} from './engine-command.js';

/** The image calls podman, docker and buildah spell the same way. */
export class EngineImages {
  constructor(private readonly cli: EngineCommand) {}

  /** Inspects each ID in turn: one may go away between the listing and its inspection. */
  async inspectEach(ids: Iterable<string>, inspect: (id: string) => Promise<ImageInfo | undefined>): Promise<ImageInfo[]> {
    const found: ImageInfo[] = [];
    for (const id of new Set(ids)) {
      const info = await inspect(id);
      if (info) found.push(info);
    }
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
