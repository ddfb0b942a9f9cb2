"""Real small or read-only filesystems (tmpfs), for the tests that can run as root."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the portable max_page_count tests cover the rest")


def mount(point: Path, size: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


def remount(point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True, capture_output=True)


def unmount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


@contextlib.contextmanager
def tmpfs(point: Path, size: str = "2m"):
    need_root()
    mount(point, size)
    try:
        yield point
    finally:
        unmount(point)
