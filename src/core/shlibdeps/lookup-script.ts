/**
 * The shell program that runs inside the build container to map sonames to
 * the distribution packages that ship them. It is a constant: the sonames
 * arrive as positional arguments (`bash -c SCRIPT vdist-shlibdeps so...`),
 * never spliced into the text.
 *
 * For each soname it asks the dynamic linker's cache (`ldconfig -p`) where
 * the library lives, then asks the package database who owns that file
 * (`dpkg -S`, as dh_shlibdeps does; `rpm -qf`, as rpm's AutoReq does),
 * keeping only packages of the container's native architecture. Paths are
 * tried as listed and canonicalised, because merged-/usr systems list a
 * library under /lib while dpkg may have it under /usr/lib, or the reverse.
 *
 * Output: one `soname<TAB>package` line per soname; the package is empty
 * when nothing owns it.
 */
export const LOOKUP_SCRIPT = String.raw`
set -u
if command -v dpkg-query >/dev/null 2>&1; then family=dpkg; native=$(dpkg --print-architecture)
elif command -v rpm >/dev/null 2>&1; then family=rpm; native=$(uname -m)
else echo "vdist: neither dpkg nor rpm in the build container" >&2; exit 3; fi
cache=$(ldconfig -p 2>/dev/null || true)
owner() {
  if [ "$family" = dpkg ]; then
    dpkg -S "$1" 2>/dev/null | awk -F': ' -v native="$native" '
      /^diversion / { next }
      { n = split($1, pkgs, ", "); for (i = 1; i <= n; i++) {
          split(pkgs[i], pa, ":"); if (pa[2] == "" || pa[2] == native || pa[2] == "all") { print pa[1]; exit } } }'
  else
    rpm -qf --qf '%{NAME} %{ARCH}\n' "$1" 2>/dev/null | awk -v native="$native" '
      $2 == native || $2 == "noarch" { print $1; exit }'
  fi
}
for so in "$@"; do
  pkg=
  for path in $(printf '%s\n' "$cache" | awk -v so="$so" '$1 == so { print $NF }'); do
    for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "$(printf '%s' "$path" | sed 's#^/usr/#/#')"; do
      [ -n "$candidate" ] || continue
      pkg=$(owner "$candidate")
      [ -n "$pkg" ] && break 2
    done
  done
  printf '%s\t%s\n' "$so" "$pkg"
done
`;
