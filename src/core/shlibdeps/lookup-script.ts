/**
 * The shell program that runs inside the build container to map every
 * library the dynamic linker knows (`ldconfig -p`) to the distribution
 * package that ships it. It takes no arguments: the map covers the whole
 * cache, so it can run while the tree is still streaming out, before vdist
 * knows which sonames the tree needs (a few hundred libraries cost dpkg
 * about as much as a dozen: it reads its database once either way).
 *
 * Each library's paths are tried in order: as the cache lists it, its
 * canonical path, under /usr, and without /usr, because merged-/usr systems
 * list a library under /lib while the package database may have /usr/lib,
 * or the reverse. Owners come from one `dpkg -S` for all paths (as
 * dh_shlibdeps asks) or one `rpm -qf` (as rpm's AutoReq does), keeping only
 * packages of the container's native architecture.
 *
 * Output: one `soname<TAB>package` line per soname in the cache, in its
 * order; the package is empty when nothing owns the library.
 */
export const LOOKUP_SCRIPT = String.raw`
set -u
if command -v dpkg-query >/dev/null 2>&1; then family=dpkg; native=$(dpkg --print-architecture)
elif command -v rpm >/dev/null 2>&1; then family=rpm; native=$(uname -m)
else echo "vdist: neither dpkg nor rpm in the build container" >&2; exit 3; fi
entries=$(ldconfig -p 2>/dev/null | awk 'NR > 1 && $NF ~ /^\// { print $1 "\t" $NF }')
[ -n "$entries" ] || exit 0
real=$(printf '%s\n' "$entries" | cut -f2 | xargs -r -d '\n' realpath -m --)
# "soname<TAB>path" for every path to try, in order.
tried=$(printf '%s\n' "$real" | paste <(printf '%s\n' "$entries") - | awk -F'\t' '{
  bare = $2; sub(/^\/usr\//, "/", bare)
  printf "%s\t%s\n%s\t%s\n%s\t/usr%s\n%s\t%s\n", $1, $2, $1, $3, $1, $2, $1, bare }')
paths() { printf '%s\n' "$tried" | cut -f2 | sort -u; }
# "path<TAB>package" for every owned path.
if [ "$family" = dpkg ]; then
  owners=$(paths | xargs -r -d '\n' dpkg -S 2>/dev/null | awk -F': ' -v native="$native" '
    /^diversion / { next }
    { n = split($1, pkgs, ", "); for (i = 1; i <= n; i++) {
        split(pkgs[i], pa, ":"); if (pa[2] == "" || pa[2] == native || pa[2] == "all") { printf "%s\t%s\n", $2, pa[1]; next } } }')
else
  # One rpm -qf for all paths, listing each owner's files, so that every line names its path.
  owners=$(paths | xargs -r -d '\n' rpm -qf --qf '[%{FILENAMES}\t%{NAME}\t%{ARCH}\n]' -- 2>/dev/null \
    | awk -F'\t' -v native="$native" 'NF == 3 && ($3 == native || $3 == "noarch") && !($1 in seen) { seen[$1] = 1; print $1 "\t" $2 }')
fi
# For each soname, the owner of its first candidate that has one.
printf '%s\n--\n%s\n' "$owners" "$tried" | awk -F'\t' '
  !split_done { if ($0 == "--") split_done = 1; else if ($0 != "") owner[$1] = $2; next }
  !($1 in pkg) { order[++n] = $1; pkg[$1] = "" }
  pkg[$1] == "" && ($2 in owner) { pkg[$1] = owner[$2] }
  END { for (i = 1; i <= n; i++) printf "%s\t%s\n", order[i], pkg[order[i]] }'
`;

/**
 * The shell program that prints the dependency information dpkg-shlibdeps
 * would read for the packages given as arguments: each one's symbols file
 * (a local one under /etc/dpkg/symbols first, as dpkg-shlibdeps looks) and
 * shlibs file, then /etc/dpkg/shlibs.override and shlibs.default. Each file
 * starts with a line `\x1e KIND PACKAGE` (KIND symbols, shlibs, override or
 * default; PACKAGE `-` for the last two). Prints nothing where dpkg is not
 * the package manager.
 */
export const LIBRARY_INFO_SCRIPT = String.raw`
set -u
command -v dpkg >/dev/null 2>&1 || exit 0
arch=$(dpkg --print-architecture)
info=/var/lib/dpkg/info
show() { [ -r "$3" ] || return 1; printf '\036 %s %s\n' "$1" "$2"; cat -- "$3"; echo; }
for pkg in "$@"; do
  show symbols "$pkg" "/etc/dpkg/symbols/$pkg.symbols.$arch" || show symbols "$pkg" "/etc/dpkg/symbols/$pkg.symbols" ||
    show symbols "$pkg" "$info/$pkg:$arch.symbols" || show symbols "$pkg" "$info/$pkg.symbols" || true
  show shlibs "$pkg" "$info/$pkg:$arch.shlibs" || show shlibs "$pkg" "$info/$pkg.shlibs" || true
done
show override - /etc/dpkg/shlibs.override || true
show default - /etc/dpkg/shlibs.default || true
`;
