"""A stand-in for the original vdist's Python API, used by `vdist init --from package.py`.

It records the builds a script describes instead of making them.
"""
import importlib.abc
import sys

from vdist._recorder import NotImitated, refuse

_OWN = {"vdist", "vdist.builder", "vdist.source", "vdist.configuration", "vdist.defaults", "vdist._recorder"}


class _RefuseInternals(importlib.abc.MetaPathFinder):
    """Any other vdist module (buildmachine, profiles, ...) is an internal: name it instead of faking it."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith("vdist.") and fullname not in _OWN:
            raise NotImitated(f"module {fullname} is an internal of the original vdist that vdist init --from does not imitate")
        return None


sys.meta_path.append(_RefuseInternals())
__getattr__ = refuse("vdist")
