"""The original's defaults that scripts read, with the 2.x values."""
from vdist._recorder import refuse

PYTHON_BASEDIR = "/opt"
PYTHON_VERSION = "3.7.5"
LOCAL_PROFILES_DIR = "buildprofiles"
PACKAGE_INSTALL_ROOT = PYTHON_BASEDIR
PACKAGE_TMP_ROOT = "/tmp"
OUTPUT_FOLDER = "./"
BUILD_NAME = "Default project"

__getattr__ = refuse("vdist.defaults")
