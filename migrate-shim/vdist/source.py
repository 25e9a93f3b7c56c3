"""The original's source descriptions: plain dicts, as it made them."""
from vdist._recorder import refuse


def git(uri=None, branch="master"):
    return {"type": "git", "uri": uri, "branch": branch}


def directory(path=None):
    return {"type": "directory", "path": path.rstrip("/") if path else path}


def git_directory(path=None, branch="master"):
    return {"type": "git_directory", "path": path.rstrip("/") if path else path, "branch": branch}


__getattr__ = refuse("vdist.source")
