"""The original's Builder: add_build() and build() (0.x/1.x), build_package(Configuration) (2.x).

Nothing is built: each build is recorded for `vdist init --from`.
"""
from vdist import _recorder
from vdist._recorder import refuse

# The keyword arguments the original's Build accepted.
_BUILD_ARGS = {
    "app", "version", "source", "profile", "name", "use_local_pip_conf", "build_deps", "runtime_deps",
    "custom_filename", "fpm_args", "pip_args", "package_install_root", "package_tmp_root", "working_dir",
    "python_basedir", "compile_python", "python_version", "requirements_path", "after_install",
    "before_install", "after_remove", "before_remove", "after_upgrade", "before_upgrade",
}


class Build:
    def __init__(self, **kwargs):
        for key in kwargs:
            if key not in _BUILD_ARGS:
                raise TypeError(f"add_build() got an unexpected keyword argument '{key}'")
        self.__dict__.update(kwargs)


class Builder:
    def __init__(self, process_name=None, profiles_dir=None, machine_logs=True):
        if profiles_dir is not None:
            _recorder.TOOL["profiles_dir"] = profiles_dir
        self.builds = []

    def add_build(self, **kwargs):
        build = Build(**kwargs)
        self.builds.append(build)
        _recorder.BUILDS.append({"style": "kwargs", "args": dict(kwargs), "line": _recorder.caller_line(), "built": False, "ref": build})

    def build(self):
        for record in _recorder.BUILDS:
            if any(record["ref"] is b for b in self.builds):
                record["built"] = True
        _recorder.STATE["built"] = True

    def run_build(self, build=None):
        for record in _recorder.BUILDS:
            if record["ref"] is build or (build is None and any(record["ref"] is b for b in self.builds)):
                record["built"] = True
        _recorder.STATE["built"] = True

    def start_build(self):
        self.run_build()

    @staticmethod
    def build_package(configuration):
        return build_package(configuration)

    def __getattr__(self, name):
        refuse("Builder")(name)


def build_package(configuration):
    """2.x: build one Configuration. Returns what the original returned: {name: [files]}."""
    from vdist.configuration import Configuration
    if not isinstance(configuration, Configuration):
        raise TypeError("build_package() takes a vdist.configuration.Configuration")
    _recorder.BUILDS.append({"style": "strings", "args": configuration.arguments, "line": _recorder.caller_line(), "built": True, "ref": configuration})
    _recorder.STATE["built"] = True
    return {configuration.name: []}


__getattr__ = refuse("vdist.builder")
