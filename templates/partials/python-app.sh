# Shared by the built-in scripts (the partial "python-app"): CPython, then the
# build stage (virtualenv, requirements, app, clean-up, byte-code, fpm). The system
# packages are already installed.
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
    (
      # A fixed time, not the build's: the interpreter depends only on its own inputs
      # (version, options, python_basedir), so one compiled CPython serves every build.
      # gcc takes __DATE__ and __TIME__ (sys.version) from it.
      export SOURCE_DATE_EPOCH=315532800
      cd "$py_build"
      # No pip of its own (ensurepip=no): the virtualenv gets pip from ensurepip's
      # bundled wheel, and a second copy in the interpreter would be dead weight.
      ./configure --prefix="$python_basedir" --with-ensurepip=no --disable-test-modules >/dev/null
      # Compiled-in source paths (__FILE__) name the build directory: map them away.
      # EXTRA_CFLAGS reaches the Makefile's modules, CFLAGS in the environment the
      # ones setup.py builds; neither is recorded in the installed sysconfig.
      CFLAGS="-ffile-prefix-map=$py_build=." make -j"$(nproc)" -s EXTRA_CFLAGS="-ffile-prefix-map=$py_build=."
      make -s install >/dev/null
    )
    # A runtime never loads CPython's own test suite, test modules or static library.
    rm -rf "$python_basedir"/lib/python3.*/test "$python_basedir"/lib/python3.*/idlelib/idle_test
    rm -f "$python_basedir"/lib/python3.*/lib-dynload/_test*.so "$python_basedir"/lib/python3.*/lib-dynload/xxlimited*.so
    rm -f "$python_basedir"/lib/python3.*/config-*/libpython3.*.a "$python_basedir"/lib/python3.*/config-*/python.o
    # CPython's build configuration (sysconfig data, Makefile) names the directory
    # it was compiled in: point it at the install prefix instead.
    while IFS= read -r -d '' f; do
      sed -i "s#$py_build#$python_basedir#g" "$f"
    done < <(grep -rlIZF "$py_build" "$python_basedir" || true)
    mapfile -d '' elf_files < <(find "$python_basedir" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
    strip_elf "${elf_files[@]}"
    # make install compiled the standard library at three optimisation levels with a
    # random hash seed (it runs python -E): compile it again, once, reproducibly.
    find "$python_basedir" -name __pycache__ -type d -prune -exec rm -rf {} +
    SOURCE_DATE_EPOCH=315532800 compile_bytecode "$python_bin" "$python_basedir"
    rm -rf "$py_build" "$build_root/python.tgz"
  fi
fi

#### stage: build ############################################################
{{> deploy}}
# vdist copies pip's cache back out after the build only if pip changed it: the mark's mtime
# is the line (the cache was copied in just before, and pip writes nothing for a second yet).
[[ -n ${PIP_CACHE_DIR:-} && -d $PIP_CACHE_DIR ]] && touch "$PIP_CACHE_DIR.mark"
# blank_module_shebangs PYTHON DIR...: a Python module that is not executable is imported,
# never run through its #! line (pip's vendored distro.py and certs.py carry one, as rpmlint's
# non-executable-script says). That line becomes an empty one, so line numbers in tracebacks
# stay; the RECORD that lists the file gets its new hash and size; each file is named in the
# log. Executable files and files other than *.py are left as they are.
blank_module_shebangs() {
  local py=$1
  shift
  "$py" - "$@" <<'PY'
import base64, csv, hashlib, io, os, stat, sys

changed = {}
records = []
for top in sys.argv[1:]:
    for d, dirs, names in os.walk(top):
        dirs.sort()
        if d.endswith('.dist-info') and 'RECORD' in names:
            records.append(os.path.join(d, 'RECORD'))
        for n in sorted(names):
            p = os.path.join(d, n)
            st = os.lstat(p)
            if not n.endswith('.py') or not stat.S_ISREG(st.st_mode) or st.st_mode & 0o111:
                continue
            with open(p, 'rb') as f:
                if f.read(2) != b'#!':
                    continue
                data = b'#!' + f.read()
            cut = data.find(b'\n')
            data = b'' if cut < 0 else data[cut:]
            with open(p, 'wb') as f:
                f.write(data)
            changed[os.path.normpath(p)] = data

for record in records:
    site = os.path.dirname(os.path.dirname(record))
    with open(record, newline='') as f:
        lines = f.read().splitlines(keepends=True)
    out, touched = [], False
    for line in lines:
        row = next(csv.reader([line]), [])
        data = changed.get(os.path.normpath(os.path.join(site, row[0]))) if row else None
        if data is not None and len(row) == 3:
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
            buf = io.StringIO()
            csv.writer(buf, lineterminator=line[len(line.rstrip('\r\n')):]).writerow([row[0], f'sha256={digest}', len(data)])
            line, touched = buf.getvalue(), True
        out.append(line)
    if touched:
        with open(record, 'w', newline='') as f:
            f.write(''.join(out))

for p in sorted(changed):
    print(f'blanked the #! line of {p}: a module that is not executable')
PY
}
[[ -x $python_bin ]] || fail "no Python interpreter at $python_bin. With compile_python = false, python_basedir must hold an installed Python (install it through build_deps or use an image that has it)."
"$python_bin" -m venv --help >/dev/null 2>&1 || fail "$python_bin has no venv module (install it through build_deps; on Debian/Ubuntu: python3-venv)"
# pip compiles extensions in randomly named temp dirs, which debug info records and the
# linker's build-id hashes. That debug info is stripped anyway: make none, and the
# build-id (so the file) is the same every build.
export CFLAGS="${CFLAGS:+$CFLAGS }-g0" CXXFLAGS="${CXXFLAGS:+$CXXFLAGS }-g0"
step "build: virtualenv at $install_dir"
# pip comes from ensurepip run by the virtualenv's bin/python (venv itself would run it as
# bin/python3): so pip's launchers name the interpreter the app's own scripts name, and no
# script here names bin/python3, which lintian takes for a misplaced /usr/bin/python3.
"$python_bin" -m venv --without-pip "$install_dir"
"$install_dir/bin/python" -m ensurepip --upgrade --default-pip >/dev/null
pip=("$install_dir/bin/python" -m pip install "${pip_args[@]}")
cd "$app_dir"

step "build: requirements"
# A lock file (vdist read it on the host) replaces requirements_path: exactly the locked
# versions, every file checked against its hash, nothing resolved on top (--no-deps).
lock_source={{lock_source}}
lock_requirements={{lock_requirements}}
lock_unhashed={{lock_unhashed}}
app_pip=("${pip[@]}")
if [[ -n $lock_source ]]; then
  app_pip+=(--no-deps)
  echo "installing the locked set from $lock_source (hashes enforced, --no-deps)"
  if [[ -n $lock_requirements ]]; then
    pip_log="$build_root/pip-lock.log"
    if ! "${pip[@]}" --require-hashes --no-deps -r "$lock_requirements" 2>&1 | tee "$pip_log"; then
      # pip lists each file whose hash differs as "    NAME==VERSION from URL:".
      mismatched=$(sed -nE 's/^ +([A-Za-z0-9._-]+)==([^ ]+) from .*:$/\1 \2/p' "$pip_log" | sort -u | paste -sd, - | sed 's/,/, /g')
      [[ -z $mismatched ]] || fail "hash mismatch: the file pip downloaded for $mismatched is not the one $lock_source locks (tampered with, or the index serves another build of it)"
      fail "pip could not install the locked set from $lock_source (see the lines above)"
    fi
  fi
  if [[ -n $lock_unhashed ]]; then
    echo "allow_unhashed: installing these without a hash check:"
    cat "$lock_unhashed"
    "${pip[@]}" --no-deps -r "$lock_unhashed"
  fi
elif [[ -f $requirements_file ]]; then
  "${pip[@]}" -r "$requirements_file"
else
  echo "no requirements file at $requirements_file: skipped"
fi

step "build: app"
if [[ -f pyproject.toml || -f setup.py ]]; then
  "${app_pip[@]}" .
  # bin_links unset: the app's own console scripts go on PATH.
  if ((bin_links_auto)); then mapfile -t bin_links < <(console_scripts "$install_dir/bin/python" "$app_dir"); fi
else
  # No Python project metadata: ship the source tree itself, at {install_dir}/app.
  echo "no pyproject.toml or setup.py in $app_dir: copying the source tree to $install_dir/app"
  mkdir -p "$install_dir/app"
  cp -a "$app_dir/." "$install_dir/app/"
fi

if [[ -n $lock_source ]]; then
  # --no-deps trusts the lock to be whole: say so when it is not (a dependency it lacks for this target).
  "$install_dir/bin/python" -m pip check >"$build_root/pip-check.log" 2>&1 \
    || { printf 'vdist: warning: %s lacks packages that the installed ones need (pip check):\n' "$lock_source" >&2; cat "$build_root/pip-check.log" >&2; }
fi

step "build: clean-up"
# python_keep names the groups of the runtime to ship that vdist leaves out by default.
keeps() { local k; for k in "${python_keep[@]}"; do [[ $k == "$1" ]] && return 0; done; return 1; }
drop() { keeps "$1" || rm -rf "${@:2}"; }
# The virtualenv's seed setuptools (with pkg_resources): ensurepip put it there for building,
# pip runs without it, and Python 3.12's venv no longer seeds it. It stays when an installed
# package lists it among its requirements (under any marker or extra), when the requirements
# or the lock name it, or with python_keep.
if ! keeps setuptools && [[ -n $(compgen -G "$install_dir/lib/python3*/site-packages/setuptools-*.dist-info") ]]; then
  wanted=()
  for f in "$requirements_file" "$lock_requirements" "$lock_unhashed"; do [[ -n $f && -f $f ]] && wanted+=("$f"); done
  # Removed as its RECORD lists it, as pip would, without pip's start-up second.
  "$install_dir/bin/python" - "${wanted[@]}" <<'PY'
import importlib.metadata as metadata, os, re, shutil, sys
norm = lambda name: re.sub(r'[-_.]+', '-', name).lower()
first = lambda req: norm(re.split(r'[\s;<>=!~\[(@]', req.strip(), maxsplit=1)[0])
named = [dist.metadata['Name'] for dist in metadata.distributions()
         if norm(dist.metadata['Name'] or '') not in ('setuptools', 'pip') and any(first(r) == 'setuptools' for r in dist.requires or [])]
for path in sys.argv[1:]:
    with open(path, encoding='utf-8', errors='replace') as f:
        if any(first(line.split('#')[0]) == 'setuptools' for line in f if not line.lstrip().startswith('-')):
            named.append(os.path.basename(path))
if named:
    print("kept the virtualenv's setuptools: named by " + ', '.join(sorted(set(named))))
    sys.exit()
seed = metadata.distribution('setuptools')
site = str(seed.locate_file(''))
for top in sorted({str(f).split('/')[0] for f in seed.files or [] if not str(f).startswith('..')}):
    path = os.path.join(site, top)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)
for outside in (f for f in seed.files or [] if str(f).startswith('..')):
    if os.path.lexists(seed.locate_file(outside)):
        os.remove(seed.locate_file(outside))
print("left out the virtualenv's seed setuptools: no installed package requires it (python_keep = [\"setuptools\"] keeps it)")
PY
fi
# pip records where a local project came from (PEP 610); that is a build path.
while IFS= read -r -d '' f; do
  grep -qF "$build_root" "$f" || continue
  rm -f "$f"
  sed -i '/direct_url\.json/d' "$(dirname "$f")/RECORD"
done < <(find "${package_paths[@]}" -name direct_url.json -path '*.dist-info/*' -print0)
# What pip built (the compiled CPython was stripped when it was made).
prune=()
((compile_python)) && prune=(-path "$python_basedir" -prune -o)
mapfile -d '' elf_files < <(find "${package_paths[@]}" "${prune[@]}" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
strip_elf "${elf_files[@]}"
if ((compile_python)); then
  # A lean interpreter: what a deployed application never loads stays out of the
  # package, unless python_keep names its group (see the README).
  stdlib=$(echo "$python_basedir"/lib/python3.*)
  drop ensurepip "$stdlib"/ensurepip/_bundled
  drop idlelib "$stdlib"/idlelib "$python_basedir"/bin/idle3*
  drop turtledemo "$stdlib"/turtledemo
  compgen -G "$stdlib/lib-dynload/_tkinter*.so" >/dev/null \
    || drop tkinter "$stdlib"/tkinter "$stdlib"/turtle.py "$stdlib"/__pycache__/turtle.*
  drop lib2to3 "$stdlib"/lib2to3 "$python_basedir"/bin/2to3*
  # Headers and build configuration are for compiling extensions; sysconfig reads only its Makefile.
  keeps dev || find "$stdlib"/config-* -type f ! -name Makefile -delete
  # The static libpython (make install puts a copy in lib/ too) is linked into bin/python3 already.
  drop dev "$python_basedir"/include "$python_basedir"/lib/pkgconfig "$python_basedir"/bin/python3*-config "$python_basedir"/lib/libpython3.*.a
  rm -rf "$python_basedir"/share/man
  # One byte-code level: the plain one (-O and -OO are rare in deployed apps).
  find "$python_basedir" -name '*.opt-[12].pyc' -delete
  # The standard library's modules run as `python -m NAME`, never by their path (their #!
  # lines name /usr/bin/env python3 or /usr/local/bin/python): no executable bit, as
  # CPython itself decided for most of them (gh-118673). Their #! lines go just below.
  find "$stdlib" -name '*.py' -type f -perm /111 -exec chmod a-x {} +
fi
blank_module_shebangs "$install_dir/bin/python" "${package_paths[@]}"
rm -rf /root/.cache/pip
left=$(grep -rlF "$build_root/" "${package_paths[@]}" 2>/dev/null | head -n 20 || true)
[[ -z $left ]] || printf 'vdist: warning: these files still name the build directory %s:\n%s\n' "$build_root" "$left" >&2

step "build: byte-code"
# Last, once every file is final: each .py gets a .pyc that is valid as shipped.
compile_bytecode "$install_dir/bin/python" "${package_paths[@]}"

step "build: deployment files"
stage_deploy_files
if [[ -n ${PIP_CACHE_DIR:-} && -e $PIP_CACHE_DIR.mark && -z $(find "$PIP_CACHE_DIR" -newer "$PIP_CACHE_DIR.mark" -print -quit) ]]; then
  echo "vdist: pip cache: unchanged"
fi

if ((use_fpm)); then
  step "package: fpm"
  fpm_command=({{fpm_command}})
  # The deployment flags go before the "--" that ends fpm's options, their paths after it.
  for ((i = 0; i < ${#fpm_command[@]}; i++)); do [[ ${fpm_command[i]} == -- ]] && break; done
  fpm_command=("${fpm_command[@]:0:i}" "${fpm_deploy_args[@]}" "${fpm_command[@]:i}" "${deploy_paths[@]}")
  command -v fpm >/dev/null || fail "packager = \"fpm\" needs fpm in the build image; install it through build_deps or a custom image, or use the native packager"
  mkdir -p {{out_dir}}
  "${fpm_command[@]}"
fi
step "done: $app"
