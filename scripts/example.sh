#!/usr/bin/env bash
# The main job (`npm run example`): build vdist's example app for Debian
# bookworm, install the package in a fresh container and run it.
#
# The app's fastsum dependency is not on PyPI, so this serves a PEP 503 index
# of it on 127.0.0.1 (python3 -m http.server, stopped by its PID on exit).
# On a Debian host the CPython source comes from the Debian mirror the host
# already uses (python3.11's orig tarball is upstream's Python-3.11.2.tgz) and
# is served from the same loopback server, so no python.org access is needed.
#
# Environment:
#   EXAMPLE_BUILD=system   build the quick variant (distribution python3) instead
#                          of the one that compiles its own CPython (~5 min on 2 cores)
#   EXAMPLE_OUTPUT=DIR     where packages and logs go (default: examples/vdist-example/dist)
#   VDIST_CACHE=DIR        where the CPython source is cached (default: ~/.cache/vdist)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

example="$repo/examples/vdist-example"
output=${EXAMPLE_OUTPUT:-$example/dist}
cache=${VDIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vdist}
build=vdist-example-bookworm
[[ ${EXAMPLE_BUILD:-} == system ]] && build=vdist-example-bookworm-system-python
# Hosts like the ones vdist is tested on need runc and lower ulimits (see the file).
export CONTAINERS_CONF=${CONTAINERS_CONF:-$repo/test/containers.conf}

npm run build >/dev/null   # cheap, and never a stale lib/ after a pull
vdist() { node "$repo/bin/run.js" "$@"; }

if ! podman image exists docker.io/library/debian:bookworm; then
  echo "==> no debian:bookworm image: bootstrapping one from the host's APT mirror"
  vdist image bootstrap debian-bookworm
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> building the package index (fastsum sdist, setuptools, wheel)"
index_wheels=()
if command -v apt-get >/dev/null; then
  tgz=$(test/fixtures/python/fetch-cpython-source.sh "$cache/cpython")
  python_version=$(basename "$(dirname "$tgz")")
  index_wheels+=("$(dirname "$tgz")"/wheels/setuptools-*.whl /usr/share/python-wheels/wheel-*.whl)
  mkdir -p "$work/index/python/$python_version"
  ln -s "$tgz" "$work/index/python/$python_version/"
  export VDIST_EXAMPLE_PYTHON_VERSION=$python_version
fi
VDIST_INDEX_WHEELS=$(IFS=:; echo "${index_wheels[*]}") test/fixtures/python/build-index.sh "$work/index" examples/fastsum >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$work/index" >"$work/http.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/simple/')" 2>/dev/null && break
  sleep 0.2
done
export VDIST_EXAMPLE_INDEX_URL="http://127.0.0.1:$port/simple/"
[[ -n ${VDIST_EXAMPLE_PYTHON_VERSION:-} ]] && export VDIST_EXAMPLE_PYTHON_MIRROR="http://127.0.0.1:$port/python"

echo "==> vdist build --only $build --smoke (the smoke test installs the .deb in a fresh container and runs it)"
touch "$work/before-build"
vdist build --config "$example/vdist.toml" --only "$build" --output "$output" --smoke

deb=$(find "$output" -maxdepth 1 -name 'vdist-example_*.deb' -newer "$work/before-build" | head -n1)
echo "==> installing $(basename "$deb") in another fresh debian:bookworm container and running vdist-example"
name="vdist-example-run-$$"
podman run --detach --name "$name" --label io.github.vdist=true --network host --entrypoint sleep docker.io/library/debian:bookworm infinity >/dev/null
trap 'podman rm --force --time 0 "$name" >/dev/null 2>&1 || true; cleanup' EXIT
podman cp "$deb" "$name:/tmp/"
podman exec --env DEBIAN_FRONTEND=noninteractive "$name" sh -c \
  "apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb") >/dev/null && /opt/vdist-example/bin/vdist-example"
echo "==> done: $deb"
