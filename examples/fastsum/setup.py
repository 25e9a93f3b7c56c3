"""Builds the fastsum C extension. It links zlib, so the package that ships it
needs the distribution's zlib at run time: vdist finds that on its own."""
from setuptools import Extension, setup

setup(
    ext_modules=[Extension("fastsum", sources=["fastsum.c"], libraries=["z"])],
)
