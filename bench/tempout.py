"""A result file in a temporary folder of its own, removed afterwards (the engines that write a file)."""
import contextlib
import os
import shutil
import tempfile


@contextlib.contextmanager
def temp_output(prefix: str, name: str):
    d = tempfile.mkdtemp(prefix=prefix)
    try:
        yield os.path.join(d, name)
    finally:
        shutil.rmtree(d, ignore_errors=True)
