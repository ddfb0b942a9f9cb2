"""Per-SDK environments for the vendor-SDK tests, created on demand and cached.

Several versions of one package (honcho-ai 0.x and 2.x, openai 1.x and 3.x, ...) must coexist,
so each SDK gets its own venv (``.sdk-envs/py-<name>-<hash>``) built from
``tests/sdk/requirements/<name>.txt``, or its own node_modules in ``tests/sdk/node/<name>/``.
The hash of the spec names the env, so a changed pin builds a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ENVS = ROOT / ".sdk-envs"


class EnvError(RuntimeError):
    pass


def _run(cmd: list, **kwargs) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise EnvError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def python_env(name: str) -> Path:
    """The python executable of the venv for requirements/<name>.txt (built once)."""
    spec = HERE / "requirements" / f"{name}.txt"
    digest = hashlib.sha256(spec.read_bytes()).hexdigest()[:12]
    home = ENVS / f"py-{name}-{digest}"
    python = home / "bin" / "python"
    if (home / ".ready").exists():
        return python
    shutil.rmtree(home, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(home)])
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(spec)])
    (home / ".ready").write_text(digest)
    return python


def node_env(name: str) -> Path:
    """The folder of tests/sdk/node/<name>/ with its node_modules installed (npm ci when locked)."""
    home = HERE / "node" / name
    marker = home / "node_modules" / ".rosetta-ready"
    spec = (home / "package.json").read_bytes() + (home / "package-lock.json").read_bytes() if (home / "package-lock.json").exists() else (home / "package.json").read_bytes()
    digest = hashlib.sha256(spec).hexdigest()
    if marker.exists() and marker.read_text() == digest:
        return home
    npm = shutil.which("npm")
    if npm is None:
        raise EnvError("npm is not on the PATH: install Node.js 20 to run the JS SDK tests")
    command = "ci" if (home / "package-lock.json").exists() else "install"
    _run([npm, command, "--no-audit", "--no-fund", "--loglevel=error"], cwd=home)
    marker.write_text(digest)
    return home


def _env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HONCHO_", "OPENAI_", "ZEP_"))}
    env.update(extra)
    return env


def run_python_flow(env: str, script: Path, env_vars: dict, timeout: float = 300, args=()):
    return subprocess.run([str(python_env(env)), str(script), *args], capture_output=True, text=True,
                          env=_env(env_vars), timeout=timeout)


def run_node_flow(env: str, script: Path, env_vars: dict, timeout: float = 300):
    home = node_env(env)
    node = shutil.which("node")
    if node is None:
        raise EnvError("node is not on the PATH: install Node.js 20 to run the JS SDK tests")
    # ES modules resolve packages from the script's own folder, so the flow runs from the env.
    local = home / f"flow-{script.name}"
    shutil.copyfile(script, local)
    return subprocess.run([node, str(local)], capture_output=True, text=True, cwd=home,
                          env=_env(env_vars), timeout=timeout)
