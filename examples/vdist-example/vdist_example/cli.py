"""The `vdist-example` console script: proves the packaged app, its
virtualenv and its C-extension dependency all work on the target machine."""
import argparse
import sys

import fastsum

from . import __version__


def main(argv=None):
    parser = argparse.ArgumentParser(prog="vdist-example", description=__doc__)
    parser.add_argument("--version", action="version", version=f"vdist-example {__version__}")
    parser.add_argument("n", nargs="?", type=int, default=100, help="sum 1..N (default 100)")
    args = parser.parse_args(argv)

    total = fastsum.sum(range(1, args.n + 1))
    print(f"vdist-example {__version__}: sum(1..{args.n}) = {total}")
    print(f"fastsum C extension: {fastsum.__file__} (zlib {fastsum.zlib_version}, adler32(b'vdist') = {fastsum.adler32(b'vdist')})")
    print(f"python {sys.version.split()[0]} at {sys.executable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
