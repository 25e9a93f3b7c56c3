# Shared opening of the built-in scripts (the partial "prelude"): the build's
# values as shell variables, and the step/fail helpers.
# Rendered by vdist (Handlebars): each double-braced value is one shell-quoted word, a list is
# space-separated quoted words. Lines starting "#### stage: NAME" cut the script into
# stages that vdist runs in turn, each with this opening: `provision` (system packages,
# CPython) and `build-deps` (build_deps), both cached as images, then `build`
# (virtualenv, requirements, app, clean-up). Helpers every stage uses belong here.
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
