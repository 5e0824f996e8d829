"""Editions (issue 16): the Spanish label catalog, translation checks at file:line:col, and a
Spanish edition built into output/es-US/ with no English label on its pages."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import ROOT, copy_project
from pdfread import read_pdf
from typer.testing import CliRunner, Result

from publisher.cli import app
from publisher.project.labels import catalog_problems
from publisher.project.layouts import Layouts

ENV = {"PUBLISHER_TODAY": "2026-11-24"}
TODAY = date(2026, 11, 24)
TRANSLATION = ROOT / "guides" / "es" / "music-producer.yaml"
EDITION = """
  - name: feria
    title: Feria de carreras
    careers: all
    editions: [es-US]

editions:
  - name: es-US
    locale: es_US
    careers: [music-producer]
    branding:
      organisation: Oficina de Orientación de Riverside High School
      contact: counseling@riverside.example.org
      event: Feria de Carreras de Primavera
      event_date: marzo de 2027
    clusters:
      arts-av-communication: Artes, tecnología audiovisual y comunicaciones
      information-technology: Tecnología de la información
      health-science: Ciencias de la salud
      architecture-construction: Arquitectura y construcción
      hospitality-tourism: Hostelería y turismo
      marketing: Mercadeo
    reference_median:
      label: Todos los empleos
      source: Tabla de Proyecciones de Empleo del BLS
"""


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    assert "Traceback" not in result.output
    return result


def spanish_project(root: Path) -> Path:
    """The sample project with Music Producer only, and a Spanish edition of it."""
    copy_project(root, ["music-producer"])
    settings = root / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + EDITION, encoding="utf-8")
    (root / "guides" / "es").mkdir()
    shutil.copyfile(TRANSLATION, root / "guides" / "es" / "music-producer.yaml")
    return root


def labels(locale: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "layouts" / "labels" / f"{locale}.yaml").read_text())
    return {str(k): str(v) for k, v in data.items()}


def test_the_spanish_catalog_has_every_english_key_with_its_placeholders() -> None:
    english, spanish = labels("en_US"), labels("es_US")
    assert set(english) <= set(spanish)
    assert catalog_problems(Layouts.of(ROOT / "layouts"), "es_US") == []


def test_committed_translation_schema_matches_the_model() -> None:
    from publisher.guides.schema import schema_text
    from publisher.guides.translation import Translation

    committed = (ROOT / "schema" / "translation.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(Translation, "translation.schema.json"), (
        "run `publisher schema --translation --out schema/translation.schema.json`"
    )


def test_a_missing_spanish_label_is_a_placed_problem_not_english(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    text = (ROOT / "layouts" / "labels" / "es_US.yaml").read_text(encoding="utf-8")
    cut = re.sub(r"^section_fit:.*\n", "", text, flags=re.MULTILINE)
    (tmp_path / "labels" / "es_US.yaml").write_text(cut, encoding="utf-8")
    problems = catalog_problems(Layouts.of(tmp_path), "es_US")
    assert [(p.field, p.path) for p in problems] == [("section_fit", "layouts/labels/es_US.yaml")]
    assert problems[0].line > 1 and problems[0].column == 1


def test_check_passes_with_a_complete_translation(tmp_path: Path) -> None:
    root = spanish_project(tmp_path / "p")
    result = run("check", "-C", root)  # (--strict: its related careers are not copied)
    assert result.exit_code == 0, result.output
    assert "edition es-US: 1 of 1 careers ok" in result.output


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (  # a deleted field: named with its place
            lambda t: re.sub(r"  basis: >-\n    Reparto[^\n]*\n[^\n]*\n", "", t, count=1),
            r"guides/es/music-producer\.yaml:\d+:\d+: work\.basis: required field is missing",
        ),
        (  # a figure repeated: one source of truth for facts
            lambda t: t.replace(
                "    - activity: Grabación y pistas\n",
                "    - activity: Grabación y pistas\n      percent: 25\n",
            ),
            r"music-producer\.yaml:\d+:\d+: work\.time_split\[0\]\.percent: `percent` is not text",
        ),
        (  # a list of another length
            lambda t: t.replace("    - activity: Negocio y captar clientes\n", ""),
            r"music-producer\.yaml:\d+:\d+: work\.time_split: has 4 items; the English guide has 5",
        ),
        (  # an optional text the English guide has
            lambda t: re.sub(r"^closing:.*\n", "", t, flags=re.MULTILINE),
            r"music-producer\.yaml:1:1: closing: missing: the English guide has this text",
        ),
    ],
)
def test_a_translation_problem_fails_check_at_its_place(
    tmp_path: Path, edit: object, expected: str
) -> None:
    root = spanish_project(tmp_path / "p")
    path = root / "guides" / "es" / "music-producer.yaml"
    assert callable(edit)
    changed = edit(path.read_text(encoding="utf-8"))
    assert changed != path.read_text(encoding="utf-8")
    path.write_text(changed, encoding="utf-8")
    result = run("check", "-C", root)
    assert result.exit_code == 1
    assert re.search(expected, result.output), result.output
    assert "edition es-US: 0 of 1 careers ok" in result.output


def test_a_missing_translation_file_is_placed_in_the_settings(tmp_path: Path) -> None:
    root = spanish_project(tmp_path / "p")
    (root / "guides" / "es" / "music-producer.yaml").unlink()
    result = run("check", "-C", root)
    assert result.exit_code == 1
    assert re.search(
        r"publisher\.yaml:\d+:\d+: editions\[0\]\.careers\[0\]: no translation of 'music-producer'",
        result.output,
    ), result.output


def test_an_unknown_edition_is_a_usage_error(tmp_path: Path) -> None:
    root = spanish_project(tmp_path / "p")
    result = run("build", "-C", root, "--edition", "es-MX")
    assert result.exit_code == 2
    assert "did you mean 'es-US'" in result.output


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.mark.slow
def test_the_spanish_edition_prints_no_english_label_and_only_it_rebuilds(tmp_path: Path) -> None:
    from publisher.builder.session import BuildOptions, build
    from publisher.project.settings import load_project

    root = spanish_project(tmp_path / "p")
    project = load_project(root)
    first = build(project, TODAY, options=BuildOptions(jobs=1))
    assert first.ok, [o.error for o in first.failed]
    handout = root / "output" / "es-US" / "handouts" / "music-producer.pdf"
    booklet = root / "output" / "es-US" / "booklets" / "feria.pdf"
    english = root / "output" / "handouts" / "music-producer.pdf"
    assert (root / "output" / "booklets" / "career-fair.pdf").is_file()
    for path in (handout, booklet):
        facts = read_pdf(path)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "es-US"
        text = " ".join(facts.texts)
        assert "Productor musical" in text and "mayo de 2024" in text
        spanish = labels("es_US")
        for key, value in labels("en_US").items():  # every label key
            for piece in re.split(r"\{\w+\}", value):
                words = _words(piece) - _words(spanish[key]) - {"BLS", "SOC", "p"}
                if piece.strip() and words and len(piece.strip()) > 3:
                    assert not re.search(rf"(?<!\w){re.escape(piece.strip())}(?!\w)", text), (
                        key,
                        piece,
                    )
    # editing the Spanish text lays out the Spanish outputs again, and only those
    english_bytes, handout_bytes = english.read_bytes(), handout.read_bytes()
    booklet_bytes = booklet.read_bytes()
    path = root / "guides" / "es" / "music-producer.yaml"
    path.write_text(path.read_text().replace("Productor musical", "Productora musical", 1))
    second = build(load_project(root), TODAY, options=BuildOptions(jobs=1))
    assert second.ok
    written = {o.name for o in second.built}
    assert len(written) == 6
    assert second.reused == 3  # the English three; es-US: handout, booklet, imposed sheets
    assert english.read_bytes() == english_bytes
    assert "Productora musical" in " ".join(read_pdf(handout).texts)
    # and the Spanish outputs are byte-reproducible: the same text gives the same bytes again
    path.write_text(path.read_text().replace("Productora musical", "Productor musical", 1))
    shutil.rmtree(root / ".cache")
    third = build(load_project(root), TODAY, options=BuildOptions(jobs=1, cache=False))
    assert third.ok
    assert handout.read_bytes() == handout_bytes
    assert booklet.read_bytes() == booklet_bytes


def test_check_takes_a_translation_file(tmp_path: Path) -> None:
    root = spanish_project(tmp_path / "p")
    path = root / "guides" / "es" / "music-producer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  heading: Lo que", "  headin: Lo"))
    result = run("check", "-C", root, path)
    assert result.exit_code == 1
    assert re.search(r"music-producer\.yaml:\d+:\d+: work\.headin: unknown field", result.output)
    assert "edition es-US: 0 of 1 careers ok" in result.output
