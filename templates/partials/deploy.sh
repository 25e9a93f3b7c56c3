# The package's deployable parts (the partial "deploy", part of the build stage):
# commands on PATH, systemd units and configuration files, staged at their final
# paths in this throw-away container so the packager takes them from there.
bin_links=({{bin_links}})
bin_links_auto={{#if bin_links_auto}}1{{else}}0{{/if}}
systemd_units=({{systemd_units}})
config_files=({{config_files}})
bin_dir={{bin_dir}}
unit_dir={{unit_dir}}
interpreter_dep={{#if interpreter_dep}}1{{else}}0{{/if}}
package_format={{format}}
deploy_facts={{deploy_facts}}

# console_scripts PYTHON PROJECT_DIR: the console scripts of the distribution pip
# installed from PROJECT_DIR, one a line. pip's PEP 610 record (direct_url.json)
# says which one that is, so it must run before the clean-up removes that record.
console_scripts() {
  "$1" - "$2" <<'PY'
import importlib.metadata, json, sys, urllib.parse
project = sys.argv[1].rstrip('/')
for dist in importlib.metadata.distributions():
    record = dist.read_text('direct_url.json')
    if not record:
        continue
    url = urllib.parse.unquote(json.loads(record).get('url', ''))
    if url.startswith('file://') and url[len('file://'):].rstrip('/') == project:
        for entry in dist.entry_points:
            if entry.group == 'console_scripts':
                print(entry.name)
PY
}

# stage_deploy_files: puts config files, unit files and /usr/bin links in place,
# refusing a command another package of the image already has, and writes what it
# found for the packager to $deploy_facts. Fills deploy_paths and fpm_deploy_args.
stage_deploy_files() {
  deploy_paths=() fpm_deploy_args=()
  local i target from unit name owner
  for ((i = 0; i < ${#config_files[@]}; i += 2)); do
    target=${config_files[i]} from=${config_files[i + 1]}
    [[ -f $build_root/src/$from ]] || fail "config_files: $target comes from \"$from\", which is not a file in the source"
    install -D -m 0644 "$build_root/src/$from" "$target"
    deploy_paths+=("$target")
    fpm_deploy_args+=(--config-files "$target")
  done
  for unit in "${systemd_units[@]}"; do
    [[ -f $build_root/src/$unit ]] || fail "systemd_units: \"$unit\" is not a file in the source"
    install -D -m 0644 "$build_root/src/$unit" "$unit_dir/${unit##*/}"
    deploy_paths+=("$unit_dir/${unit##*/}")
  done
  for name in "${bin_links[@]}"; do
    [[ $name =~ ^[A-Za-z0-9_][A-Za-z0-9._+-]*$ ]] || { echo "vdist: warning: console script \"$name\" is no command name: not linked" >&2; continue; }
    [[ -x $install_dir/bin/$name ]] || fail "bin_links: $install_dir/bin/$name does not exist: name a command the app installs, or set bin_links = []"
    if [[ -e $bin_dir/$name || -L $bin_dir/$name ]]; then
      # dpkg records merged-/usr commands under /bin; rpm says "not owned" on stdout, with a failure.
      owner=$({ dpkg-query -S "$bin_dir/$name" "/bin/$name" 2>/dev/null || true; } | head -n 1)
      [[ -n $owner ]] || owner=$(rpm -qf "$bin_dir/$name" 2>/dev/null) || owner=''
      owner=${owner:+a command of the package ${owner%%:*}}
      fail "bin_links: $bin_dir/$name is already ${owner:-in the build image}: vdist does not link over another package's command. Set bin_links to the names to link, without this one"
    fi
    mkdir -p "$bin_dir"
    ln -s "$install_dir/bin/$name" "$bin_dir/$name"
    deploy_paths+=("$bin_dir/$name")
  done
  local version
  version=$("$install_dir/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  if ((interpreter_dep)); then
    if [[ $package_format == deb ]]; then
      fpm_deploy_args+=(-d "python3 >= $version" -d "python3 < 3.$((${version#3.} + 1))")
    else
      fpm_deploy_args+=(-d "python(abi) = $version")
    fi
  fi
  printf 'python_version=%s\nbin_links=%s\n' "$version" "${bin_links[*]}" >"$deploy_facts"
  # The same facts on one line of the log: vdist reads them from there and
  # needs no extra exec before packaging (the file stays for scripts of your own).
  echo "vdist: deploy facts: python_version=$version bin_links=${bin_links[*]}"
  echo "deployment files: ${deploy_paths[*]:-none}"
}
