#!/usr/bin/env bash
# Installs what vdist's tests and example need on a fresh Debian/Ubuntu host:
# the container engines, the package tools that judge our output, and Node deps.
# Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
pkgs=(podman buildah runc uidmap slirp4netns fuse-overlayfs debootstrap docker.io
      lintian rpm rpmlint shellcheck zstd xz-utils dpkg-dev git python3 python3-venv python3-pip
      python3-setuptools python3-wheel python3-pip-whl python3-setuptools-whl python3-wheel-whl
      gcc python3-dev ca-certificates
      python3-poetry python3-pdm pipenv)
pkgs+=(tmux) # a real terminal for the live progress view's test
pkgs+=(fish) # the fish completion script's test
pkgs+=(qemu-user-static binfmt-support) # arm64 builds under qemu-user emulation (issue 12)
pkgs+=(piuparts) # Debian's install, remove and purge checker, run on the packages the tests write
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund

# arm64 under emulation: binfmt_misc mounted and qemu-aarch64 registered (qemu-user-static's handlers carry the F flag).
[ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64

# Base images without a registry: the integration tests build in Debian
# bookworm. Made once through vdist's own `image bootstrap` (debootstrap from
# the host's APT mirror, then `podman import`), skipped when already present.
# The rootfs tar is what the docker/rootless tests import into their engines.
export CONTAINERS_CONF="$PWD/test/containers.conf"
image=docker.io/library/debian:bookworm
rootfs_tar=/var/cache/vdist-test/debian-bookworm-rootfs.tar
if ! podman image exists "$image"; then
  npm run build >/dev/null
  node bin/run.js image bootstrap debian-bookworm --backend podman
fi
if [ ! -s "$rootfs_tar" ]; then
  mkdir -p "$(dirname "$rootfs_tar")"
  ctr=$(podman create "$image" true)
  trap 'podman rm --force "$ctr" >/dev/null' EXIT
  podman export "$ctr" >"$rootfs_tar.part" && mv "$rootfs_tar.part" "$rootfs_tar"
  podman rm --force "$ctr" >/dev/null
  trap - EXIT
fi

# The arm64 bookworm base image is made by the arm64 e2e itself when a machine
# lacks it (test/e2e/arm64.global-setup.ts), in the background while the other
# test files run, so neither this script nor `npm run example` waits for it.
