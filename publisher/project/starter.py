"""`publisher init`: a new project, made from the starter files the package carries.

The project gets commented settings, one complete sample guide with the agency data it cites,
an `assets/` folder, the JSON Schemas editors use, and a `.gitignore`. It builds at once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from publisher.errors import UsageError
from publisher.guides.models import Guide
from publisher.guides.schema import SCHEMA_PATH, SETTINGS_SCHEMA_PATH, schema_text
from publisher.project.root import CONFIG_NAME, GUIDES_NAME
from publisher.project.settings import ProjectConfig

STARTER = Path(__file__).resolve().parents[1] / "starter"
RELATED = re.compile(r"^related: \[.*\]$", re.MULTILINE)


def init_project(target: Path) -> list[Path]:
    """Write a new project into `target` (made if missing); refuse to touch an existing one.
    Returns the files written."""
    if (target / CONFIG_NAME).exists() or (target / GUIDES_NAME).exists():
        raise UsageError(
            f"{target} already holds a project ({CONFIG_NAME} or guides/); "
            "init writes new projects only"
        )
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder")
    written = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        path = target / source.relative_to(STARTER)
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.parent.name == "guides":  # alone, the sample has no related guides yet
            text = source.read_text(encoding="utf-8")
            path.write_text(RELATED.sub("related: []", text), encoding="utf-8")
        else:
            shutil.copyfile(source, path)  # (links in the package's folder are followed)
        written.append(path)
    for name, model, schema_id in (
        (SCHEMA_PATH, Guide, "guide.schema.json"),
        (SETTINGS_SCHEMA_PATH, ProjectConfig, "publisher.schema.json"),
    ):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_text(model, schema_id), encoding="utf-8")
        written.append(path)
    return written
