# Shared opening of the built-in scripts (the partial "prelude"): the build's
# values as shell variables, and the step/fail helpers.
# Rendered by vdist (Handlebars): each double-braced value is one shell-quoted word, a list is
# space-separated quoted words. Two stages, `provision` (system packages,
# build_deps, CPython) and `build` (virtualenv, requirements, app, clean-up),
# so a provisioned container can later be cached as an image.
# Lines starting with "==> vdist:" mark the steps; vdist times them.
set -euo pipefail

step() { printf '==> vdist: %s\n' "$*"; }
fail() { printf 'vdist: error: %s\n' "$*" >&2; exit 1; }

app={{app}}
install_dir={{install_dir}}
python_basedir={{python_basedir}}
python_bin={{python_bin}}
python_version={{compile_python_version}}
python_url={{python_url}}
python_sha256={{python_sha256}}
python_keep=({{python_keep}})
app_dir={{app_dir}}
requirements_file={{requirements_file}}
build_root={{src_dir}}/..
pip_args=({{pip_args}})
build_deps=({{build_deps}})
package_paths=({{package_paths}})
compile_python={{#if compile_python}}1{{else}}0{{/if}}
use_fpm={{#if fpm_command}}1{{else}}0{{/if}}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
build_root=$(cd "$build_root" && pwd)

# Reproducible byte-code. vdist passes the build's SOURCE_DATE_EPOCH in; with it set,
# py_compile (and so pip) writes hash-based .pyc files (PEP 552), which stay valid
# whatever mtime the package gives their sources. A fixed hash seed makes the
# marshalled constant sets come out in one order.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800} PYTHONHASHSEED=0

# compile_bytecode PYTHON DIR...: every .py below DIR gets a checked-hash .pyc that
# matches it; valid ones are left alone, so a second call costs only the hashing.
# Files that are not Python 3 source (templates, test data) are left without one.
compile_bytecode() {
  local py=$1
  shift
  "$py" - "$@" <<'PY'
import concurrent.futures, importlib.util, os, py_compile, sys

def stale(src):
    with open(src, 'rb') as f:
        digest = importlib.util.source_hash(f.read())
    try:
        with open(importlib.util.cache_from_source(src), 'rb') as f:
            head = f.read(16)
    except OSError:
        return True
    return head != importlib.util.MAGIC_NUMBER + b'\x03\0\0\0' + digest

def compile_one(src):
    try:
        py_compile.compile(src, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        return True
    except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeError):
        return False

todo = sorted(p for root in sys.argv[1:] for d, _, names in os.walk(root) for p in (os.path.join(d, n) for n in names)
              if p.endswith('.py') and os.path.isfile(p) and stale(p))
try:
    # Worth processes only for a whole stdlib; some sandboxes (no /dev/shm) have none to give.
    if len(todo) < 200:
        raise NotImplementedError
    with concurrent.futures.ProcessPoolExecutor() as pool:
        ok = sum(pool.map(compile_one, todo, chunksize=32))
except (OSError, ImportError, NotImplementedError):
    ok = sum(map(compile_one, todo))
print(f'byte-code: {ok} files compiled, {len(todo) - ok} not compilable (left without .pyc)')
PY
}
