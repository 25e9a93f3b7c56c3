"""Where the stand-in API keeps what a script asked for, and how it refuses the rest."""
import sys


class NotImitated(AttributeError):
    """A script reached for a part of the original vdist that `vdist init --from` does not stand in for."""


# Every build a script described, in call order: {"style", "args", "line", "built"}.
BUILDS = []
TOOL = {}
STATE = {"built": False}


def caller_line():
    """The line of the user's script that called into the stand-in API."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("vdist"):
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None


def refuse(module):
    """A module-level __getattr__ that names what the script asked for."""
    def missing(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise NotImitated(f"{module}.{name} is not part of the original API that vdist init --from imitates "
                          f"(Builder, add_build, build, run_build, build_package, Configuration, "
                          f"source.git/directory/git_directory)")
    return missing
