#!/usr/bin/env bash
# vdist's built-in build script for Debian and Ubuntu (apt).
{{> prelude}}

#### stage: provision ########################################################
step "provision: system packages"
system_pkgs=(ca-certificates)
if ((compile_python)); then
  system_pkgs+=(build-essential libssl-dev libffi-dev zlib1g-dev libbz2-dev libreadline-dev
                libsqlite3-dev liblzma-dev uuid-dev pkg-config curl xz-utils)
elif [[ $python_basedir == /usr ]]; then
  # The distribution's own Python: venv and headers come in separate packages.
  system_pkgs+=(python3 python3-venv python3-dev)
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${system_pkgs[@]}"

#### stage: build-deps #######################################################
if ((${#build_deps[@]})); then
  step "provision: build_deps"
  export DEBIAN_FRONTEND=noninteractive
  # Run on its own on top of a cached image: its package lists may be old.
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${build_deps[@]}"
fi

{{> python-app}}
