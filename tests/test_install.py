"""The package carries its defaults: the built wheel, installed into a fresh virtual
environment outside the checkout, starts a project with `publisher init` and builds it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT
from pdfread import read_pdf

pytestmark = pytest.mark.slow  # builds a wheel, makes a virtual environment, builds PDFs


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh environment with the wheel installed; the libraries it depends on are
    borrowed from this one (a path entry, not an install), so no network is needed but the
    package itself comes only from the wheel."""
    work = tmp_path_factory.mktemp("install")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PUBLISHER_TODAY"] = "2026-11-24"
    env["CI"] = "1"
    wheels = work / "wheels"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        wheels,
        ROOT,
        cwd=work,
        env=env,
    )
    (wheel,) = wheels.glob("career_publisher-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "publisher/layouts/handout.html",
        "publisher/layouts/labels/en_US.yaml",
        "publisher/layouts/icons/yes.svg",
        "publisher/layouts/site/career.html",
        "publisher/layouts/site/site.css",
        "publisher/starter/publisher.yaml",
        "publisher/starter/guides/electrician.yaml",
        "publisher/starter/.gitignore",
    ):
        assert needed in names, needed
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work, env=env)
    python = venv / "bin" / "python"
    site = Path(
        _run(
            python,
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=work,
            env=env,
        ).stdout.strip()
    )
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "-q",
        wheel,
        cwd=work,
        env=env,
    )
    where = _run(python, "-c", "import publisher; print(publisher.__file__)", cwd=work, env=env)
    assert where.stdout.startswith(str(site)), where.stdout  # the wheel's copy, not the checkout
    return venv, env


def test_init_then_build_from_the_installed_wheel(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    publisher = venv / "bin" / "publisher"
    _run(publisher, "init", "riverside", cwd=tmp_path, env=env)
    project = tmp_path / "riverside"
    assert not (project / "layouts").exists()  # the package's layouts, not copies
    checked = _run(publisher, "check", cwd=project / "guides", env=env)  # found walking up
    assert "1 of 1 guides ok" in checked.stderr and "warning" not in checked.stderr
    built = _run(publisher, "build", cwd=project, env=env)
    assert "failed 0" in built.stderr, built.stderr
    handout = read_pdf(project / "output" / "handouts" / "electrician.pdf")
    assert handout.pages == 2 and handout.tagged
    assert all(handout.fonts.values()) and handout.fonts
    assert "$62,350" in handout.texts[0] and "How to get in" in handout.texts[0]
    booklet = project / "output" / "booklets" / "careers.pdf"
    with pikepdf.open(booklet) as pdf:
        assert len(pdf.pages) % 4 == 0
    assert (project / "output" / "booklets" / "careers-imposed.pdf").is_file()
    page = (project / "output" / "site" / "electrician" / "index.html").read_text("utf-8")
    assert "<h1>Electrician</h1>" in page  # the web edition, from the package's templates


def test_a_project_overrides_one_layout_file(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    publisher = venv / "bin" / "publisher"
    _run(publisher, "init", "p", cwd=tmp_path, env=env)
    project = tmp_path / "p"
    catalog = ROOT / "layouts" / "labels" / "en_US.yaml"
    own = project / "layouts" / "labels" / "en_US.yaml"
    own.parent.mkdir(parents=True)
    text = catalog.read_text(encoding="utf-8")
    own.write_text(text.replace("section_work: The work", "section_work: Inside the job"), "utf-8")
    _run(publisher, "handout", "electrician", "-C", project, env=env, cwd=tmp_path)
    page = read_pdf(project / "output" / "handouts" / "electrician.pdf").texts[0]
    assert "Inside the job" in page
    assert "How the time splits".upper() in page.upper()  # the rest is still the package's


def test_outside_a_project_the_installed_command_says_so(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    result = subprocess.run(
        [venv / "bin" / "publisher", "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "publisher init" in result.stderr
    assert list(tmp_path.iterdir()) == []
