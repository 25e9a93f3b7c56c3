"""The 2.x Configuration: the arguments of one build, as strings."""
from vdist._recorder import refuse
from vdist import defaults


class Configuration:
    def __init__(self, arguments):
        if not isinstance(arguments, dict):
            arguments = dict(vars(arguments))
        self.arguments = dict(arguments)
        self.name = arguments.get("name", defaults.BUILD_NAME)
        self.output_folder = arguments.get("output_folder", defaults.OUTPUT_FOLDER)
        self.output_script = arguments.get("output_script", False)

    def __getattr__(self, name):
        refuse("Configuration")(name)


__getattr__ = refuse("vdist.configuration")
