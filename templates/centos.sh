#!/usr/bin/env bash
# vdist's built-in build script for Rocky, Alma, CentOS Stream and Fedora (dnf/yum).
{{> prelude}}

#### stage: provision ########################################################
step "provision: system packages"
system_pkgs=(ca-certificates)
if ((compile_python)); then
  system_pkgs+=(gcc make openssl-devel libffi-devel zlib-devel bzip2-devel readline-devel
                sqlite-devel xz-devel libuuid-devel pkgconfig xz tar gzip findutils diffutils binutils)
  # Minimal images ship curl-minimal, which conflicts with the full curl package.
  command -v curl >/dev/null || system_pkgs+=(curl)
elif [[ $python_basedir == /usr ]]; then
  # The distribution's own Python: headers come in a separate package.
  system_pkgs+=(python3 python3-devel)
fi
if command -v dnf >/dev/null; then installer=dnf; else installer=yum; fi
"$installer" install -y -q "${system_pkgs[@]}"

#### stage: build-deps #######################################################
if ((${#build_deps[@]})); then
  step "provision: build_deps"
  if command -v dnf >/dev/null; then installer=dnf; else installer=yum; fi
  "$installer" install -y -q "${build_deps[@]}"
fi

{{> python-app}}
