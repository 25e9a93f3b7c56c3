"""Runs an original vdist package.py with the stand-in API and writes what it described as JSON.

Usage: python3 run_original.py SCRIPT OUT_JSON
"""
import json
import os
import runpy
import sys
import traceback


def main():
    script, out = sys.argv[1], sys.argv[2]
    script = os.path.abspath(script)
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(script))
    from vdist import _recorder
    failure = None
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            failure = {"message": f"the script called sys.exit({exit_.code!r})", "line": None}
    except BaseException as error:  # noqa: B036 - every failure of the user's script is reported, none re-raised
        frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) == script]
        failure = {
            "message": traceback.format_exception_only(type(error), error)[-1].strip(),
            "line": frames[-1].lineno if frames else None,
            "not_imitated": isinstance(error, _recorder.NotImitated),
        }
    builds = [{k: v for k, v in b.items() if k != "ref"} for b in _recorder.BUILDS]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"builds": builds, "tool": _recorder.TOOL, "built": _recorder.STATE["built"], "failure": failure}, f, default=repr)


main()
