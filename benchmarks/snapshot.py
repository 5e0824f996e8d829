"""Which code is measured: a digest of the package, and an optional frozen copy of it.

The build keys its cache on the tool's own source (`publisher/fingerprint.py`), so an edit to
`publisher/` between a cold build and a no-op rebuild turns the no-op into a full build. The
benchmark checks the digest around every build, and `--freeze` measures a private copy of the
package taken at the start, so people can keep working on `publisher/` meanwhile.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from benchmarks.measure import BenchmarkError

PACKAGE = "publisher"


def code_digest(package: Path) -> str:
    """Hash of every file of the package (names and bytes), as the build's fingerprint sees it."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def freeze_code(repo: Path, target: Path, python: Path, env: Mapping[str, str]) -> dict[str, str]:
    """Copy `publisher/` under `target`; return the environment that makes Python import it.

    PYTHONPATH comes before the editable install's finder, so `python -m publisher` run from
    `target` (not from the repo: `-m` puts the working folder first on the path) imports the
    copy; this is checked rather than assumed.
    """
    package = target / PACKAGE
    shutil.copytree(repo / PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    frozen = {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(target), env.get("PYTHONPATH")])),
    }
    # Byte-compile now, or the first measured run would pay for it.
    subprocess.run([str(python), "-m", "compileall", "-q", str(package)], check=True)
    probe = [str(python), "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"]
    found = subprocess.run(
        probe, capture_output=True, text=True, env=frozen, cwd=target, check=True
    )
    if Path(found.stdout.strip()).resolve().parent != package.resolve():
        raise BenchmarkError(f"the frozen copy is not the one imported: {found.stdout.strip()}")
    return frozen
