import type {ProjectFacts} from './init-project.js';

const tomlString = (s: string) => JSON.stringify(s);

const LOCK_TOOLS: Record<string, string> = {poetry: 'Poetry', pdm: 'PDM', uv: 'uv', pipenv: 'Pipenv', pylock: 'PEP 751 lock', requirements: 'hashed requirements'};

/** The commented vdist.toml `vdist init` writes. Every line it leaves commented shows a default. */
export function renderInitConfig(facts: ProjectFacts): string {
  const requirements = facts.requirements
    ? `requirements_path = ${tomlString(facts.requirements)}`
    : '# requirements_path = "requirements.txt"   # none found: pip installs only the app itself';
  const lock = facts.lock
    ? `lock_file = ${tomlString(facts.lock.file)}    # ${LOCK_TOOLS[facts.lock.tool] ?? facts.lock.tool}: pip installs exactly what it locks, hashes enforced
# groups = []                      # dependency groups to install besides the main one, e.g. ["web"]
# extras = []                      # the project's extras to install, e.g. ["postgres"]
# allow_unhashed = false           # true: install locked packages without hashes, unchecked
# strict_lock = false              # true: a lock older than ${facts.lock.tool === 'pipenv' ? 'the Pipfile' : 'pyproject.toml'} fails the build`
    : '# lock_file = "auto"              # none found: poetry.lock, pdm.lock, uv.lock, Pipfile.lock, pylock.toml or hashed requirements';
  return `# vdist.toml: how vdist packages this application (written by \`vdist init\`).
# Check it with: vdist build --dry-run     Reference: the README's vdist.toml section
# Strings may use \${VAR} and \${VAR:-default} from the environment.

# Tool settings (all optional).
[vdist]
# profiles_dir = "buildprofiles"   # your own profiles.json / profiles.toml and scripts
# output_dir = "dist"
# backend = "podman"               # podman | buildah | docker (default: the first that works)
# jobs = 2                         # builds at once (default: number of cores)

# Merged into every [[build]] below.
[defaults]
app = ${tomlString(facts.app)}   # from ${facts.from}
version = ${tomlString(facts.version)}
source = { directory = "." }     # or { git_directory = ".", branch = "main" } or { git = "https://...", branch = "main" }
${requirements}
${lock}
# build_deps = ["gcc"]             # packages needed only to build (compilers, -dev headers)
# runtime_deps = []                # packages the installed app needs
# pip_args = "--index-url https://pypi.example/simple/"
# compile_python = true            # ship our own CPython under /opt/<app>/python
# compile_python_version = "3.12.8"
# package_install_root = "/opt"    # the app lands in /opt/<app>
# fpm_args = "--maintainer 'You <you@example.com>' --license MIT"
# smoke_command = "/opt/${facts.app}/bin/python -c 'import sys'"

# One table per package. See all profiles with: vdist profiles list
[[build]]
profile = "debian-bookworm"

[[build]]
profile = "rockylinux-9"
`;
}
