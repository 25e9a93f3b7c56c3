#!/usr/bin/env bash
# Start-up cost of stale byte-code (issue 14): installs each .deb given in a fresh
# debian:bookworm container and times, as an unprivileged user, an import of the app,
# its C extension and most of pip (best of 5), then counts the files `dpkg --verify`
# reports after the same import as root. Prints one line per package, with the time as
# a ratio of the first package's (the baseline).
#   bench/bytecode-startup.sh BASELINE.deb OTHER.deb...
set -euo pipefail
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "$0")/.." && pwd)/test/containers.conf}
image=docker.io/library/debian:bookworm
baseline=
for deb in "$@"; do
  name=vdist-bench-startup-$$-$RANDOM
  podman run --detach --name "$name" --label vdist-bench=true --network host --entrypoint sleep "$image" infinity >/dev/null
  trap 'podman rm --force --time 0 "$name" >/dev/null' EXIT
  podman cp "$deb" "$name:/tmp/app.deb"
  out=$(podman exec --env DEBIAN_FRONTEND=noninteractive "$name" bash -c '
    set -e
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends /tmp/app.deb >/dev/null 2>&1
    pkg=$(dpkg-deb -f /tmp/app.deb Package); py=/opt/$pkg/bin/python
    useradd -m bench
    imp="import vdist_example, fastsum, pip._internal.cli.main, pip._internal.commands.install"
    best=
    for _ in 1 2 3 4 5; do
      s=$(date +%s%N); su bench -c "$py -c \"$imp\""; e=$(date +%s%N)
      t=$(( (e - s) / 1000000 )); [[ -z $best || $t -lt $best ]] && best=$t
    done
    "$py" -c "$imp"
    echo "$best $(dpkg --verify "$pkg" | wc -l)"')
  podman rm --force --time 0 "$name" >/dev/null
  trap - EXIT
  read -r ms modified <<<"$out"
  baseline=${baseline:-$ms}
  printf '%s: import as a user %d ms (%.2fx baseline); dpkg --verify after an import as root: %d files\n' \
    "$(basename "$deb")" "$ms" "$(echo "$ms / $baseline" | bc -l)" "$modified"
done
