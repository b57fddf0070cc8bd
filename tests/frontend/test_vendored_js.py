"""The browser's vendored JavaScript (frontend/vendor_js.py): the committed files are the
ones the pinned packages gave, and every import among them resolves to a vendored file, so
the room page loads Yjs from the platform itself and from nowhere else."""

from __future__ import annotations

import hashlib
import json
import posixpath

import pytest

from frontend import vendor_js

MANIFEST = json.loads((vendor_js.OUT / "MANIFEST.json").read_text())
FILES: dict[str, str] = MANIFEST["files"]


def test_the_manifest_names_the_pinned_versions_and_integrity_hashes():
    pinned = {name: {"version": v, "integrity": i} for name, (v, i) in vendor_js.PACKAGES.items()}
    assert MANIFEST["packages"] == pinned


@pytest.mark.parametrize("path", sorted(FILES))
def test_each_vendored_file_is_unchanged_since_it_was_vendored(path):
    code = (vendor_js.OUT / path).read_text()
    assert hashlib.sha256(code.encode()).hexdigest() == FILES[path]


@pytest.mark.parametrize("path", sorted(FILES))
def test_each_import_is_relative_and_reaches_a_vendored_file(path):
    code = (vendor_js.OUT / path).read_text()
    for match in vendor_js.IMPORT.finditer(code):
        specifier = match.group(3)
        assert specifier.startswith("."), f"{path} imports {specifier}"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier))
        assert target in FILES, f"{path} imports {specifier}, which is not vendored"


def test_the_entry_points_are_vendored_with_their_licences():
    for entry in vendor_js.ENTRIES:
        assert entry in FILES
    for name in vendor_js.PACKAGES:
        assert (vendor_js.OUT / name / "LICENSE").read_text().strip()
