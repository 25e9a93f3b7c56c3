/* fastsum: a tiny C extension for vdist's example app.
 * sum(iterable) adds up Python ints in C; adler32(bytes) uses the system zlib. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <zlib.h>

static PyObject *fastsum_sum(PyObject *self, PyObject *iterable) {
    PyObject *iterator = PyObject_GetIter(iterable);
    if (iterator == NULL) return NULL;
    long long total = 0;
    PyObject *item;
    while ((item = PyIter_Next(iterator)) != NULL) {
        long long value = PyLong_AsLongLong(item);
        Py_DECREF(item);
        if (value == -1 && PyErr_Occurred()) {
            Py_DECREF(iterator);
            return NULL;
        }
        total += value;
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) return NULL;
    return PyLong_FromLongLong(total);
}

static PyObject *fastsum_adler32(PyObject *self, PyObject *args) {
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data)) return NULL;
    uLong value = adler32(adler32(0L, Z_NULL, 0), data.buf, (uInt)data.len);
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(value);
}

static PyMethodDef fastsum_methods[] = {
    {"sum", fastsum_sum, METH_O, "Sum an iterable of integers in C."},
    {"adler32", fastsum_adler32, METH_VARARGS, "Adler-32 checksum of a bytes-like object, from the system zlib."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastsum_module = {
    PyModuleDef_HEAD_INIT, "fastsum", "Sums and checksums in C.", -1, fastsum_methods,
};

PyMODINIT_FUNC PyInit_fastsum(void) {
    PyObject *module = PyModule_Create(&fastsum_module);
    if (module != NULL && PyModule_AddStringConstant(module, "zlib_version", zlibVersion()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
