/**
 * How a backend reaches its engine. Strategies take these in their
 * constructors (testcontainers-style), so tests pass values instead of
 * mocking globals.
 */
export interface EngineOptions {
  /** Environment for every engine command (CONTAINER_HOST, DOCKER_HOST, CONTAINERS_CONF ...). Default: process.env. */
  env?: Record<string, string | undefined>;
  /**
   * The argv prefix that runs the engine, default `[<engine>]`. Lets a site run
   * e.g. `['sudo', '-n', 'podman']` or pin a binary path.
   */
  command?: string[];
  /** podman only: `--url` of a remote or local API socket. */
  url?: string;
  /** podman only: `--connection` name from `podman system connection`. */
  connection?: string;
  /** buildah only: process isolation for `buildah run` (chroot needs no OCI runtime). */
  isolation?: 'chroot' | 'oci';
}
