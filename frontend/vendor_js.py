"""Vendor the browser's JavaScript libraries (`make vendor-js`): Yjs and what it needs, as
ES modules under frontend/static/frontend/vendor/, served by the platform itself (no build
step, no third-party host). Each package comes from the npm registry through `npm pack`
at the version pinned here and must match its pinned integrity hash; only the files the
entry points import are kept, with their bare imports (`lib0/encoding`) rewritten to
relative paths. The vendored files are committed; MANIFEST.json lists each with its
SHA-256, which the test suite checks.

    .venv/bin/python frontend/vendor_js.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES: dict[str, tuple[str, str]] = {
    "yjs": (
        "13.6.27",
        "sha512-OIDwaflOaq4wC6YlPBy2L6ceKeKuF7DeTxx+jPzv1FHn9tCZ0ZwSRnUBxD05E3yed46fv/FWJbvR+Ud7x0L7zw==",
    ),
    "lib0": (
        "0.2.114",
        "sha512-gcxmNFzA4hv8UYi8j43uPlQ7CGcyMJ2KQb5kZASw6SnAKAf10hK12i2fjrS3Cl/ugZa5Ui6WwIu1/6MIXiHttQ==",
    ),
    "y-protocols": (
        "1.0.6",
        "sha512-vHRF2L6iT3rwj1jub/K5tYcTT/mEYDUppgNPXwp8fmLpui9f7Yeq3OEtTLVF012j39QnV+KEQpNqoN7CWU7Y9Q==",
    ),
}
ENTRIES = ["yjs/dist/yjs.mjs", "y-protocols/awareness.js"]
OUT = Path(__file__).resolve().parent / "static" / "frontend" / "vendor"
# Import and export statements (at the start of a line, not in comments): their module.
IMPORT = re.compile(
    r"""^(\s*(?:import|export)\b[^'";]*?\bfrom\s*|\s*import\s*)(['"])([^'"]+)\2""", re.MULTILINE
)
# The export conditions a browser loading ES modules honours, in order.
CONDITIONS = ["browser", "module", "import", "default"]


def fetch(name: str, version: str, integrity: str, into: Path) -> Path:
    """The package's files, from `npm pack`, checked against the pinned hash."""
    done = subprocess.run(  # noqa: S603 (npm, with a pinned name and version)
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],  # noqa: S607
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    tarball = into / json.loads(done.stdout)[0]["filename"]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != integrity:
        sys.exit(f"{name}@{version}: integrity sha512-{digest} is not the pinned {integrity}")
    target = into / name
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def export_target(entry: object) -> str:
    while isinstance(entry, dict):
        entry = next(entry[key] for key in CONDITIONS if key in entry)
    return str(entry)


def resolve(specifier: str, importer: str, roots: dict[str, Path]) -> str:
    """The vendored path (`package/file.js`) an import of `importer` refers to."""
    if specifier.startswith("."):
        return posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
    name, _, sub = specifier.partition("/")
    exports = json.loads((roots[name] / "package.json").read_text())["exports"]
    path = export_target(exports["./" + sub if sub else "."])
    return posixpath.normpath(posixpath.join(name, path))


def vendor(roots: dict[str, Path]) -> dict[str, str]:
    """Copy the entry points and everything they import; {path: sha256}."""
    manifest: dict[str, str] = {}
    queue = list(ENTRIES)
    while queue:
        path = queue.pop()
        if path in manifest:
            continue
        name, _, inner = path.partition("/")
        source = (roots[name] / inner).read_text()

        def rewrite(match: re.Match[str], path: str = path) -> str:
            target = resolve(match.group(3), path, roots)
            queue.append(target)
            relative = posixpath.relpath(target, posixpath.dirname(path))
            relative = relative if relative.startswith(".") else f"./{relative}"
            return f"{match.group(1)}{match.group(2)}{relative}{match.group(2)}"

        code = IMPORT.sub(rewrite, source)
        code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)
        out = OUT / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(code)
        manifest[path] = hashlib.sha256(code.encode()).hexdigest()
    for name, root in roots.items():
        shutil.copy(root / "LICENSE", OUT / name / "LICENSE")
    return dict(sorted(manifest.items()))


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    with tempfile.TemporaryDirectory() as tmp:
        roots = {
            name: fetch(name, version, integrity, Path(tmp))
            for name, (version, integrity) in PACKAGES.items()
        }
        files = vendor(roots)
    packages = {name: {"version": v, "integrity": i} for name, (v, i) in PACKAGES.items()}
    manifest = {"packages": packages, "files": files}
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{len(files)} files in {OUT}")


if __name__ == "__main__":
    main()
