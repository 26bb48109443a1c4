"""Start ``xacheck serve`` as its users do — a real process on a free loopback port — for the HTTP tests.

Without the ``serve`` extra the server tests are skipped on a developer machine and fail in CI
(``CI=true``), so they can never pass by being skipped there.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def need(module: str, extra: str) -> None:
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is required in CI (pip install -e '.[{extra}]') but is not installed")
        pytest.skip(f"{module} not installed (pip install -e '.[{extra}]')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(*args: str, cwd: Path = ROOT):
    """``xacheck serve --port N *args`` until the block ends; yields the base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "xacheck", "serve", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if proc.poll() is not None:
                    raise AssertionError("xacheck serve exited: " + (proc.stdout.read() if proc.stdout else ""))
                if time.monotonic() > deadline:
                    raise AssertionError("xacheck serve did not answer within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def call(base: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
         method: str | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def call_json(base: str, path: str, body=None, headers=None, method=None) -> tuple[int, dict]:
    status, _, raw = call(base, path, body, headers, method)
    return status, json.loads(raw)
