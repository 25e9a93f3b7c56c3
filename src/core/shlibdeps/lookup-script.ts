/**
 * The shell program that runs inside the build container to map sonames to
 * the distribution packages that ship them. It is a constant: the sonames
 * arrive as positional arguments (`bash -c SCRIPT vdist-shlibdeps so...`),
 * never spliced into the text.
 *
 * For each soname it asks the dynamic linker's cache (`ldconfig -p`) where
 * the library lives, then asks the package database who owns that file
 * (`dpkg -S`, as dh_shlibdeps does, once for all paths; `rpm -qf`, as rpm's
 * AutoReq does),
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
# "soname<TAB>path" for every path to try, in order; "soname<TAB>" first, so a
# soname the linker does not know still gets its (empty) line.
candidates() {
  for so in "$@"; do
    printf '%s\t\n' "$so"
    for path in $(printf '%s\n' "$cache" | awk -v so="$so" '$1 == so { print $NF }'); do
      for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "$(printf '%s' "$path" | sed 's#^/usr/#/#')"; do
        [ -n "$candidate" ] && printf '%s\t%s\n' "$so" "$candidate"
      done
    done
  done
}
if [ "$family" = dpkg ]; then
  # One dpkg -S for every path at once: dpkg reads its database once, not once per soname.
  tried=$(candidates "$@")
  owners=$(printf '%s\n' "$tried" | awk -F'\t' '$2 != "" { print $2 }' | sort -u | xargs -r -d '\n' dpkg -S 2>/dev/null \
    | awk -F': ' -v native="$native" '
      /^diversion / { next }
      { n = split($1, pkgs, ", "); for (i = 1; i <= n; i++) {
          split(pkgs[i], pa, ":"); if (pa[2] == "" || pa[2] == native || pa[2] == "all") { printf "%s\t%s\n", $2, pa[1]; next } } }')
  # For each soname, the owner of its first candidate that has one.
  printf '%s\n%s\n' "$owners" "$tried" | awk -F'\t' -v owned="$(printf '%s\n' "$owners" | grep -c .)" '
    $0 == "" { next }
    NR <= owned { owner[$1] = $2; next }
    !($1 in pkg) { order[++n] = $1; pkg[$1] = "" }
    $2 != "" && pkg[$1] == "" && ($2 in owner) { pkg[$1] = owner[$2] }
    END { for (i = 1; i <= n; i++) printf "%s\t%s\n", order[i], pkg[order[i]] }'
  exit 0
fi
# rpm -qf per path, stopping at each soname's first owned one.
candidates "$@" | {
  current='' pkg=''
  while IFS=$'\t' read -r so path; do
    if [ -z "$path" ]; then
      [ -n "$current" ] && printf '%s\t%s\n' "$current" "$pkg"
      current=$so pkg=''
    elif [ -z "$pkg" ]; then
      pkg=$(rpm -qf --qf '%{NAME} %{ARCH}\n' "$path" 2>/dev/null | awk -v native="$native" '$2 == native || $2 == "noarch" { print $1; exit }')
    fi
  done
  [ -n "$current" ] && printf '%s\t%s\n' "$current" "$pkg"
}
`;
