# Shared by the built-in scripts (the partial "python-app"): CPython, then the
# build stage (virtualenv, requirements, app, clean-up, fpm). The system packages are
# already installed.
#### stage: provision (CPython) ##############################################
if ((compile_python)); then
  step "provision: CPython $python_version"
  if [[ -x $python_bin ]]; then
    echo "CPython already present at $python_bin (provisioned image): not compiling"
  else
    [[ -n $python_sha256 ]] || fail "no sha256 is known for CPython $python_version. Set python_sha256 in vdist.toml to the sha256 of Python-$python_version.tgz (from python.org), or pick a version vdist knows."
    py_build="$build_root/python-build"
    mkdir -p "$py_build"
    echo "downloading $python_url"
    curl -fsSL --retry 3 -o "$build_root/python.tgz" "$python_url" \
      || fail "could not download $python_url: check python_mirror (http(s):// or file://) and the build's network"
    echo "$python_sha256  $build_root/python.tgz" | sha256sum -c --quiet - \
      || fail "sha256 of $python_url is $(sha256sum "$build_root/python.tgz" | cut -d' ' -f1), expected $python_sha256"
    tar -xzf "$build_root/python.tgz" -C "$py_build" --strip-components=1
    (cd "$py_build" && ./configure --prefix="$python_basedir" --with-ensurepip=install --disable-test-modules >/dev/null)
    # Compiled-in source paths (__FILE__) name the build directory: map them away.
    # EXTRA_CFLAGS reaches the Makefile's modules, CFLAGS in the environment the
    # ones setup.py builds; neither is recorded in the installed sysconfig.
    CFLAGS="-ffile-prefix-map=$py_build=." make -C "$py_build" -j"$(nproc)" -s EXTRA_CFLAGS="-ffile-prefix-map=$py_build=."
    make -C "$py_build" -s install >/dev/null
    # A runtime never loads CPython's own test suite, test modules or static library.
    rm -rf "$python_basedir"/lib/python3.*/test "$python_basedir"/lib/python3.*/idlelib/idle_test
    rm -f "$python_basedir"/lib/python3.*/lib-dynload/_test*.so "$python_basedir"/lib/python3.*/lib-dynload/xxlimited*.so
    rm -f "$python_basedir"/lib/python3.*/config-*/libpython3.*.a "$python_basedir"/lib/python3.*/config-*/python.o
    rm -rf "$py_build" "$build_root/python.tgz"
  fi
fi

#### stage: build ############################################################
[[ -x $python_bin ]] || fail "no Python interpreter at $python_bin. With compile_python = false, python_basedir must hold an installed Python (install it through build_deps or use an image that has it)."
"$python_bin" -m venv --help >/dev/null 2>&1 || fail "$python_bin has no venv module (install it through build_deps; on Debian/Ubuntu: python3-venv)"
step "build: virtualenv at $install_dir"
"$python_bin" -m venv "$install_dir"
pip=("$install_dir/bin/python" -m pip install "${pip_args[@]}")
cd "$app_dir"

step "build: requirements"
if [[ -f $requirements_file ]]; then
  "${pip[@]}" -r "$requirements_file"
else
  echo "no requirements file at $requirements_file: skipped"
fi

step "build: app"
if [[ -f pyproject.toml || -f setup.py ]]; then
  "${pip[@]}" .
else
  # No Python project metadata: ship the source tree itself, at {install_dir}/app.
  echo "no pyproject.toml or setup.py in $app_dir: copying the source tree to $install_dir/app"
  mkdir -p "$install_dir/app"
  cp -a "$app_dir/." "$install_dir/app/"
fi

step "build: clean-up"
# pip records where a local project came from (PEP 610); that is a build path.
while IFS= read -r -d '' f; do
  grep -qF "$build_root" "$f" || continue
  rm -f "$f"
  sed -i '/direct_url\.json/d' "$(dirname "$f")/RECORD"
done < <(find "${package_paths[@]}" -name direct_url.json -path '*.dist-info/*' -print0)
# Debug info carries build paths and most of the size: strip it, as dh_strip does.
if command -v strip >/dev/null; then
  while IFS= read -r -d '' f; do
    if [[ $(head -c4 "$f" | od -An -c | tr -d ' ') == '177ELF' ]]; then strip --strip-debug "$f"; fi
  done < <(find "${package_paths[@]}" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
fi
if ((compile_python)); then
  # CPython's build configuration (sysconfig data, Makefile) names the directory
  # it was compiled in: point it at the install prefix instead, and recompile.
  while IFS= read -r -d '' f; do
    sed -i "s#$build_root/python-build#$python_basedir#g" "$f"
    if [[ $f == *.py ]]; then "$python_bin" -m py_compile "$f"; fi
  done < <(grep -rlIZF "$build_root" "$python_basedir" || true)
  { find "$python_basedir" -name '*.pyc' -print0 | xargs -0r grep -lZF "$build_root" || true; } | xargs -0r rm -f
fi
rm -rf /root/.cache/pip
left=$(grep -rlF "$build_root/" "${package_paths[@]}" 2>/dev/null | head -n 20 || true)
[[ -z $left ]] || printf 'vdist: warning: these files still name the build directory %s:\n%s\n' "$build_root" "$left" >&2

if ((use_fpm)); then
  step "package: fpm"
  fpm_command=({{fpm_command}})
  command -v fpm >/dev/null || fail "packager = \"fpm\" needs fpm in the build image; install it through build_deps or a custom image, or use the native packager"
  mkdir -p {{out_dir}}
  "${fpm_command[@]}"
fi
step "done: $app"
