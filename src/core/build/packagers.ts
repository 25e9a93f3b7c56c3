// placeholder until the packager engineer's metadata/registry land
import type {NativePackager, PackageMetadata, TreeFacts} from '../packagers/packager.js';
import type {BuildSpec, PackageFormat} from '../types.js';
export async function packageMetadataFor(_spec: BuildSpec, _facts: TreeFacts, _depends: string[], _sde: number): Promise<PackageMetadata> {
  throw new Error('packager metadata: not available yet');
}
export function nativePackagerFor(_format: PackageFormat): NativePackager {
  throw new Error('native packager: not available yet');
}
