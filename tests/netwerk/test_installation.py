"""Installing from a checkout: the lock files pin what pyproject.toml asks for, `make
install-dev` put exactly those versions in the virtualenv, and on a machine whose Python
cannot make a virtualenv `make` says what to install in one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)
# What the virtualenv holds besides the lock: the project itself and the installers.
NOT_LOCKED = {"netwerk", "pip", "setuptools", "uv"}


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in listed]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", [None]), ("requirements-dev.lock", [None, "dev"])],
)
def test_each_lock_pins_every_dependency_within_its_range(lock, extras):
    pinned = pins(lock)
    for extra in extras:
        for requirement in requirements(extra):
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{requirement} is not in {lock}: run make lock"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{lock} pins {name}=={pinned[name]}, outside {requirement}: run make lock"
            )


def test_both_locks_pin_the_same_version_of_what_they_share():
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_locked_package_carries_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
        unhashed = [
            block.split()[0] for block in blocks if PIN.match(block) and "--hash=" not in block
        ]
        assert unhashed == [], lock


def test_the_virtualenv_holds_exactly_the_locked_versions():
    installed: dict[str, str] = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    locked = pins("requirements-dev.lock")
    assert {name: installed.get(name) for name in locked} == locked
    assert set(installed) - set(locked) - NOT_LOCKED == set()


@pytest.fixture
def python_without_venv(tmp_path):
    """A python3 like a stock Debian's before `apt install python3-venv`: no ensurepip."""
    shadow = tmp_path / "shadow" / "ensurepip"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named ensurepip')\n")
    python = tmp_path / "python3"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={shadow.parent} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    return python


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["install", "run"])
def test_make_names_the_missing_venv_package_in_one_line(tmp_path, python_without_venv, target):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, checkout)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "VIRTUAL_ENV"))}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", target, f"PYTHON={python_without_venv}"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
    assert lines == [
        "Netwerk needs Python's venv module with pip: on Debian or Ubuntu, "
        "sudo apt install python3-venv"
    ]
    assert not (checkout / ".venv").exists()
