"""Every broken guide and broken setting of `tests/mutations.py` goes through `check`,
`handout` and `build` (issue 20): each ends within 10 s with its outputs, the text printed
exactly as written, or with the tool's own error (placed at file:line:col when it is about
content), never with another exception.

The layers are called directly, as the CLI calls them (the CLI adds only the printing, which
`tests/test_hostile.py` and the sample at the end cover): `check` is `load_project` and
`load_library`, `handout` and `build` are `publisher.builder.session.build`. The cases are
shared out over one pool of two processes, each building its cases one after the other in
its own project copy, without workers of its own (`--jobs 1`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TODAY, copy_project
from isolated import assert_nothing_left, publisher, time_limit
from mutations import CASES, SETTINGS, SETTINGS_CASES, TEXTS, write_mutated
from pdfread import flat

pytestmark = pytest.mark.slow  # about a thousand cases, a few hundred of them laid out

LIMIT = 10.0  # seconds a command may take (issue 20)
HANG = 40.0  # a case still running after this is stopped and counted as a hang
GUIDE = "electrician"
PATHS = ("check", "handout", "build")


@dataclass
class Result:
    """What one case did on each path: 'ok', 'refused' (the tool's own error), 'crash' (any
    other exception) or 'hang'; the seconds each took; the messages; the text printed."""

    case: str
    outcome: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # output name → its text, flattened
    unplaced: list[str] = field(default_factory=list)  # content problems without file:line:col
    limit: float = LIMIT  # LIMIT, or more on a machine busy with other work (`time_limit`)


class Overtime(BaseException):
    """A case ran past HANG (a BaseException, so no `except Exception` in the tool eats it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def stop(_signum: int, _frame: Any) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_WORKER: dict[str, Path] = {}  # this worker's project, under "root"


def _start_worker(base: str) -> None:
    import gc

    from publisher.builder.libraries import import_layout_engine

    _WORKER["root"] = root = copy_project(Path(base) / f"worker-{os.getpid()}", [GUIDE])
    import_layout_engine(root / ".cache")
    import publisher.builder.booklets
    import publisher.charts.figures
    import publisher.documents.handout  # noqa: F401

    gc.freeze()  # (the modules stay: each build's collection need not walk them again)


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return flat("\n".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()


def run_case(case: str) -> Result:
    """Check, handout and build one case in this worker's project."""
    from publisher.builder.report import BuildReport
    from publisher.builder.session import BuildOptions, build
    from publisher.errors import ContentError, PublisherError
    from publisher.guides.library import load_library
    from publisher.project.settings import load_project

    root, result = _WORKER["root"], Result(case)
    shutil.copyfile(ROOT / "publisher.yaml", root / "publisher.yaml")
    shutil.copyfile(ROOT / "guides" / f"{GUIDE}.yaml", root / "guides" / f"{GUIDE}.yaml")
    shutil.rmtree(root / "output", ignore_errors=True)
    if case.startswith("settings:"):
        path, value = SETTINGS_CASES[case.removeprefix("settings:")]
        write_mutated(root / "publisher.yaml", path, value, SETTINGS)
    else:
        path, value = CASES[case]
        write_mutated(root / "guides" / f"{GUIDE}.yaml", path, value)

    def check() -> None:
        library = load_library(load_project(root), TODAY, [root / "guides" / f"{GUIDE}.yaml"])
        problems = [problem for entry in library.entries for problem in entry.problems]
        result.messages += [problem.format() for problem in problems]
        result.unplaced += [p.format() for p in problems if not (p.line > 0 and p.column > 0)]

    def report(done: BuildReport) -> None:
        for outcome in done.failed:
            result.messages.append(outcome.error or "")
            if not outcome.error or "Traceback" in outcome.error:
                result.crashes.append(f"{outcome.name}: {outcome.error!r}")
        for outcome in done.built:
            if outcome.path is not None and outcome.path.suffix == ".pdf":
                result.texts[outcome.name] = _pdf_text(outcome.path)

    def handout() -> None:
        options = BuildOptions(jobs=1)
        report(build(load_project(root), TODAY, options=options, slugs=[GUIDE], booklets=[]))

    def whole() -> None:
        report(build(load_project(root), TODAY, options=BuildOptions(jobs=1)))

    for name, step in zip(PATHS, (check, handout, whole), strict=True):
        started = time.monotonic()
        try:
            with deadline(HANG):
                step()
            result.outcome[name] = "ok"
        except ContentError as exc:
            result.outcome[name] = "refused"
            result.messages.append(exc.format())
            result.unplaced += [p.format() for p in exc.problems if p.line <= 0]
        except PublisherError as exc:
            result.outcome[name] = "refused"
            result.messages.append(exc.format())
        except Overtime:
            result.outcome[name] = "hang"
        except Exception:  # what the suite is here to find
            result.outcome[name] = "crash"
            result.crashes.append(traceback.format_exc())
        result.seconds[name] = time.monotonic() - started
        result.limit = max(result.limit, time_limit(LIMIT))
    return result


EDITION_LEAVES = ("editions.", "booklets.1.")  # the Spanish edition's settings and booklet


def _settings_cases() -> list[str]:
    """Every settings case, but only every sixth of the Spanish edition's leaves: this project
    cannot build that edition (see `printed`), so each of them tests the same refusal path, and
    all of them would add about 340 builds to the suite; `tests/test_editions.py` covers the
    edition's settings on their own."""
    names = sorted(SETTINGS_CASES)
    edition = [name for name in names if name.startswith(EDITION_LEAVES)]
    return [name for name in names if not name.startswith(EDITION_LEAVES)] + edition[::6]


ALL = sorted(CASES) + [f"settings:{name}" for name in _settings_cases()]


def printed(case: str) -> bool:
    """Whether the case's text is printed at all: a cluster's name is printed only for a
    cluster with careers, and the project has one career (the Electrician's); the Spanish
    edition's words and booklet (`booklets.1`) only in that edition, which this project
    cannot build (it has neither the edition's other careers nor their translations); and a
    guide's `pitch` only on its table card, which this project does not ask for."""
    if case.startswith(("settings:editions.", "settings:booklets.1.", "pitch#")):
        return False
    return not case.startswith("settings:clusters.") or "architecture-construction" in case


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    base = tmp_path_factory.mktemp("mutation-builds")
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, context, initializer=_start_worker, initargs=(str(base),)) as pool:
        done = list(pool.map(run_case, ALL, chunksize=4))
    (base / "results.json").write_text(json.dumps([asdict(result) for result in done]))
    return {result.case: result for result in done}


def test_there_are_hundreds_of_cases() -> None:
    assert len(ALL) >= 1000


def test_every_case_ends_without_a_crash(results: dict[str, Result]) -> None:
    crashes = {case: r.crashes for case, r in results.items() if r.crashes}
    assert crashes == {}


def test_every_case_ends_within_ten_seconds(results: dict[str, Result]) -> None:
    hangs = [case for case, r in results.items() if "hang" in r.outcome.values()]
    slow = {
        f"{case} {path}": round(seconds, 1)
        for case, r in results.items()
        for path, seconds in r.seconds.items()
        if seconds > r.limit
    }
    assert (hangs, slow) == ([], {})


def test_content_problems_are_placed(results: dict[str, Result]) -> None:
    assert {case: r.unplaced for case, r in results.items() if r.unplaced} == {}


def test_hundreds_are_laid_out(results: dict[str, Result]) -> None:
    built = [case for case, r in results.items() if r.texts]
    assert len(built) >= 200


def test_text_is_printed_as_written(results: dict[str, Result]) -> None:
    missing, checked = {}, 0
    for case, result in results.items():
        _path, value = (
            SETTINGS_CASES[case.removeprefix("settings:")]
            if case.startswith("settings:")
            else CASES[case]
        )
        if value not in TEXTS or not result.texts or not printed(case):
            continue
        # As written, character for character; a line may break at any space or after a
        # "/" ("</ script>" in a narrow cell), so whitespace is left out of the comparison.
        wanted = "".join(value.split())
        found = [name for name, text in result.texts.items() if wanted in "".join(text.split())]
        if not found:
            missing[case] = sorted(result.texts)
        checked += 1
    assert missing == {}
    assert checked >= 30  # (the texts of most cases are refused before they are printed)


# A sample through the real command, each command a process of its own: text printed as
# written, a content error placed, a setting's text on the booklet, a setting refused.
SAMPLE = [
    "title#7",
    "starter.text#7",
    "day.blocks.0.title#7",
    "numbers.salary_paths.0.median#1",
    "settings:branding.event#7",
    "settings:booklets.0.title#7",
    "settings:locale#6",
]


@pytest.mark.parametrize("case", SAMPLE)
def test_a_sample_through_the_command(tmp_path: Path, case: str) -> None:
    root = copy_project(tmp_path / "p", [GUIDE])
    if case.startswith("settings:"):
        path, value = SETTINGS_CASES[case.removeprefix("settings:")]
        write_mutated(root / "publisher.yaml", path, value, SETTINGS)
    else:
        path, value = CASES[case]
        write_mutated(root / "guides" / f"{GUIDE}.yaml", path, value)
    texts = []
    for number, args in enumerate((["check"], ["handout", GUIDE], ["build"])):
        ran = publisher(*args, cwd=root, tmp=tmp_path / f"t{number}")
        assert ran.returncode in (0, 1), ran.output
        assert "Traceback" not in ran.output
        assert ran.seconds < time_limit(LIMIT), (args, ran.seconds)
        if ran.returncode == 1 and args == ["check"]:
            assert re.search(r"(guides/electrician|publisher)\.yaml:\d+:\d+: ", ran.output)
        assert_nothing_left(ran)
        texts += [_pdf_text(pdf) for pdf in sorted((root / "output").rglob("*.pdf"))]
    if value in TEXTS and texts:
        assert any(" ".join(value.split()) in text for text in texts), case
