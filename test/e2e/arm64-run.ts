import {exampleToml} from '../helpers/example-project.js';

// What the arm64 e2e builds, shared by its globalSetup (which starts the run in
// the main vitest process, so: no side effects here) and its test file.

export const ARM64_IMAGE = 'docker.io/arm64v8/debian:bookworm';
export const ARM64_BUILD_NAME = 'example-multiarch';
export const ARM64_BUILD_ARGS = ['build', '--jobs', '2', '--smoke', '--json'];
/** Makes ARM64_IMAGE when a fresh machine lacks it (root, debootstrap, qemu-user). */
export const ARM64_BOOTSTRAP_ARGS = ['image', 'bootstrap', 'debian-bookworm', '--arch', 'arm64', '--backend', 'podman'];

/**
 * The example with the system python3, for amd64 and arm64 in one build
 * (through the provisioned-image cache); the smoke command prints the
 * machine it ran on.
 */
export function arm64Toml(indexUrl: string): string {
  return exampleToml(
    ARM64_BUILD_NAME,
    `
arch = ["amd64", "arm64"]
compile_python = false
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${indexUrl}"
smoke_command = "/opt/vdist-example/bin/vdist-example 10 && echo smoke-machine=$(uname -m)"
`,
  );
}
