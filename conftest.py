"""Run before anything is imported for the tests: numpy's BLAS must not start a thread pool.

A process with more than one thread never forks (``ktermbase.formats.tbx._parallel`` reads
large TBX files serially then), so a pool started by the first test that imports numpy would
turn the two-process reader off for every test after it. Search does no linear algebra: one
BLAS thread loses nothing.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
