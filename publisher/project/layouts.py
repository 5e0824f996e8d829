"""The layouts a project prints with: the package's own, under the files a project overrides.

The package carries every template, stylesheet, icon and label catalog (`publisher/layouts`,
in the wheel). A project's own `layouts/` holds only what it changes, at the same path
(`layouts/css/spread.css`, `layouts/labels/en_US.yaml`), the way MkDocs' `custom_dir` works:
its file wins, and everything else comes from the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.errors import BuildError

PACKAGE_LAYOUTS = Path(__file__).resolve().parents[1] / "layouts"


@dataclass(frozen=True)
class Layouts:
    """Layout folders, the first one's files winning."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, own: Path) -> Layouts:
        """A project's `layouts/` (if it has one) over the package's."""
        package = PACKAGE_LAYOUTS.resolve()
        mine = own.resolve() if own.is_dir() else None
        return cls((mine, package) if mine is not None and mine != package else (package,))

    @property
    def first(self) -> Path:
        return self.folders[0]

    def find(self, relative: str) -> Path | None:
        """The file that wins at `relative` (e.g. 'css/spread.css'), or None."""
        for folder in self.folders:
            path = folder / relative
            if path.is_file():
                return path
        return None

    def require(self, relative: str) -> Path:
        path = self.find(relative)
        if path is None:
            raise BuildError(f"no layouts/{relative} in the project or the package")
        return path

    def files(self) -> dict[str, Path]:
        """Every layout file by its relative path, the winning one of each."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))
