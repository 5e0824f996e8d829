"""The project: where its folders are and what `publisher.yaml` configures.

`publisher.yaml` is optional. Without it a project builds clean, unbranded US Letter handouts
in US English from `guides/` and no booklets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from publisher.errors import ContentError, PublisherError, display_path
from publisher.guides.loader import load_yaml
from publisher.guides.models import Label, Slug, Strict, Text
from publisher.guides.validate import validate_document
from publisher.project.editions import (
    Edition,
    base_edition,
    edition_problems,
    known_locale,
    language,
)
from publisher.project.formatting import Formatter
from publisher.project.layouts import Layouts
from publisher.project.root import CACHE_NAME, CONFIG_NAME, GUIDES_NAME, OUTPUT_NAME

Paper = Literal["letter", "a4"]


class Branding(Strict):
    """Who hands the paper out: printed on every handout's back page and booklet cover."""

    organisation: Text | None = Field(default=None, description="School or organisation name.")
    logo: str | None = Field(
        default=None,
        pattern=r"^[\w][\w./ -]*\.(svg|png|jpe?g)$",
        description="Logo file (SVG, PNG or JPEG), relative to `assets/`, e.g. 'logo.svg'.",
    )
    logo_alt: Text | None = Field(
        default=None,
        description="What the logo shows, for screen readers, e.g. 'Riverside High School "
        "crest'. Required with `logo`.",
    )
    contact: Text | None = Field(default=None, description="Contact line (email, room, phone).")
    contact_url: str | None = Field(
        default=None,
        pattern=r"^https://",
        max_length=200,
        description="A page for questions (e.g. the counseling office's), printed as a QR code "
        "on a booklet's back cover; without it the project's `base_url` is used, if any.",
    )
    event: Text | None = Field(default=None, description="Event name, e.g. 'Spring Career Fair'.")
    event_date: Text | None = Field(default=None, description="Event date as printed.")

    @field_validator("logo")
    @classmethod
    def _inside_assets(cls, value: str | None) -> str | None:
        if value is not None and ".." in value.split("/"):
            raise ValueError("must be a file inside assets/ (no '..')")
        return value


class ReferenceMedian(Strict):
    """The all-occupations median pay on salary charts: a dashed line, or a grey bar beside
    a path with a median only."""

    amount: int = Field(gt=0, description="E.g. 49500.")
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    year: Label = Field(description="E.g. 'May 2024'.")
    label: Label = Field(default="All jobs", description="Short label printed by the line.")
    source: Text = Field(description="Where the figure comes from, printed with it.")


class PrintShop(Strict):
    """A booklet for a print shop, besides the booklet itself: NAME-print.pdf (PDF/X-4 in the
    press's inks, with bleed and crop marks in a slug), its imposed sheets and a job ticket."""

    bleed: str = Field(
        default="3mm",
        pattern=r"^\d+(\.\d+)?(mm|in|pt)$",
        description="Bleed on every edge, e.g. '3mm' or '0.125in' (ask the shop).",
    )


class BookletRecipe(Strict):
    """A booklet: which careers, in what order, with what cover."""

    name: Slug = Field(description="File name of the booklet, e.g. 'career-fair'.")
    title: Text = Field(description="Cover title.")
    subtitle: Text | None = Field(default=None, description="Cover subtitle.")
    organisation: Text | None = Field(default=None, description="Overrides branding.")
    event: Text | None = Field(default=None, description="Overrides branding.")
    event_date: Text | None = Field(default=None, description="Overrides branding.")
    careers: Literal["all"] | list[Slug] = Field(
        default="all", description="'all', or an explicit list of guide slugs."
    )
    clusters: list[Slug] = Field(default_factory=list, description="Only these clusters.")
    tags: list[Slug] = Field(default_factory=list, description="Only careers with these tags.")
    order: Literal["listed", "title", "cluster"] = Field(
        default="cluster", description="Order of careers: as listed, by title, or by cluster."
    )
    print_shop: PrintShop | None = Field(
        default=None, description="Also build the print shop's set (see `--print-shop`)."
    )
    editions: list[str] = Field(
        default_factory=list,
        description="The editions it is printed in, by name (default: the project's own, "
        "named by its locale, e.g. 'en-US').",
    )


class ProjectConfig(Strict):
    """Settings in `publisher.yaml`."""

    locale: str = Field(default="en_US", description="Locale for labels, numbers and dates.")
    paper: Paper = Field(default="letter", description="Default paper size: letter or a4.")
    base_url: str | None = Field(
        default=None,
        pattern=r"^https://",
        max_length=200,
        description="Where output/site/ is hosted: each handout's QR code opens BASE/SLUG/ (else "
        "the guide's more_info_url).",
    )
    branding: Branding = Field(default_factory=Branding, description="Branding line and logo.")
    reference_median: ReferenceMedian | None = Field(
        default=None, description="All-occupations median for salary charts."
    )
    clusters: dict[Slug, Label] = Field(
        default_factory=dict, description="Display names of career clusters, by id."
    )
    booklets: list[BookletRecipe] = Field(default_factory=list, description="Booklet recipes.")
    cards: Literal["all"] | list[Slug] = Field(
        default_factory=list,
        description="Table cards `publisher build` makes: 'all', or a list of guide slugs. Each "
        "gives output/cards/SLUG.pdf (one page, a quarter of the paper) and SLUG-sheet.pdf "
        "(four copies on one sheet, with crop marks).",
    )
    comparisons: list[Annotated[list[Slug], Field(min_length=2, max_length=4)]] = Field(
        default_factory=list,
        description="Comparison sheets `publisher build` makes: each a list of two to four guide "
        "slugs, e.g. [music-producer, sound-designer]; each gives output/compare/A-vs-B.pdf.",
    )
    editions: list[Edition] = Field(
        default_factory=list,
        description="More editions of the guides (another language, large print), each "
        "written to output/NAME/; the project's own edition is always built.",
    )

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        return known_locale(value)


@dataclass(frozen=True)
class Project:
    """A project folder and its configuration."""

    root: Path
    config: ProjectConfig
    edition: Edition | None = None  # None: the project's own (see `for_edition`)

    @property
    def base(self) -> Edition:
        """The project's own edition (its locale and paper, every career)."""
        return base_edition(self.config.locale, self.config.paper)

    @property
    def editions(self) -> list[Edition]:
        """Every edition: the project's own first, then those publisher.yaml declares."""
        return [self.base, *self.config.editions]

    @property
    def variant(self) -> str:
        """The layout variant this project prints ('standard' or 'large-print')."""
        return self.edition.variant if self.edition else "standard"

    @property
    def edition_folder(self) -> str:
        """Where this edition's outputs go under output/: '' for the project's own."""
        return self.edition.name if self.edition else ""

    @property
    def edition_name(self) -> str:
        return self.edition.name if self.edition else self.base.name

    @property
    def language(self) -> str:
        """The language this project prints in ('en', 'es')."""
        return language(self.config.locale)

    def for_edition(self, edition: Edition) -> Project:
        """The project as `edition` prints it: its locale, paper, words and booklets."""
        base = self.base.name
        booklets = [b for b in self.config.booklets if edition.name in (b.editions or [base])]
        if edition.name == base:
            return Project(self.root, self.config.model_copy(update={"booklets": booklets}))
        config = self.config
        brand = config.branding.model_copy(
            update=edition.branding.model_dump(exclude_none=True) if edition.branding else {}
        )
        reference = config.reference_median
        if reference is not None:
            words = edition.reference_median.model_dump() if edition.reference_median else {}
            year = Formatter(edition.locale or config.locale).dates_in(reference.year)
            reference = reference.model_copy(update={**words, "year": year})
        update = {
            "locale": edition.locale or config.locale,
            "paper": edition.paper or config.paper,
            "branding": brand,
            "reference_median": reference,
            "clusters": {**config.clusters, **edition.clusters},
            "booklets": booklets,
            "editions": [],
        }
        return Project(self.root, config.model_copy(update=update), edition)

    @property
    def guides_dir(self) -> Path:
        return self.root / GUIDES_NAME

    @property
    def data_dir(self) -> Path:
        """The agency's figures as imported (`publisher data import`)."""
        return self.root / "data"

    @property
    def clusters(self) -> frozenset[str]:
        """The cluster ids publisher.yaml names (a guide's must be one of them, if any)."""
        return frozenset(self.config.clusters)

    @property
    def layouts_dir(self) -> Path:
        """The project's own layout files: only those it changes (see `layouts`)."""
        return self.root / "layouts"

    @property
    def layouts(self) -> Layouts:
        """What the project prints with: its own layout files over the package's."""
        return Layouts.of(self.layouts_dir)

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def output_dir(self) -> Path:
        return self.root / OUTPUT_NAME

    @property
    def cache_dir(self) -> Path:
        """Generated intermediates (charts, QR codes): safe to delete, never committed."""
        return self.root / CACHE_NAME

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    @property
    def logo_path(self) -> Path | None:
        logo = self.config.branding.logo
        return self.assets_dir / logo if logo else None

    def cluster_name(self, cluster: str) -> str:
        return self.config.clusters.get(cluster, cluster.replace("-", " ").capitalize())


def load_project(root: Path) -> Project:
    """Read `publisher.yaml` under `root` (if any); raise `ContentError` on problems."""
    root = root.resolve()
    if not root.is_dir():  # (a build would make .cache/ and output/ wherever it was told)
        raise PublisherError(f"{root}: no such project folder")
    path = root / CONFIG_NAME
    if not path.exists():
        return Project(root, ProjectConfig())
    raw = load_yaml(path, display_path(path, root))
    config, problems = validate_document(raw, ProjectConfig)
    if config is None or problems:
        raise ContentError(problems)
    problems = edition_problems(raw, config.locale, config.editions, config.booklets)
    if problems:
        raise ContentError(problems)
    problem = _logo_problem(root, config.branding)
    if problem is not None:
        raise ContentError([raw.problem(("branding", "logo"), *problem)])
    return Project(root, config)


def _logo_problem(root: Path, branding: Branding) -> tuple[str, str] | None:
    """What is wrong with the logo `branding` names, and what to do, if anything."""
    logo = branding.logo
    if logo is None:
        return None
    if not _inside(root / "assets" / logo, root / "assets"):
        return f"assets/{logo} is a link to a file outside assets/", "copy the logo into assets/"
    if not (root / "assets" / logo).is_file():
        return f"no file assets/{logo}", "put the logo in assets/"
    if not branding.logo_alt:
        return (
            "a logo needs `logo_alt`: what it shows, for readers who cannot see it",
            "add e.g. `logo_alt: Riverside High School crest` under `branding:`",
        )
    return None


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is in `folder` (a link loop is not)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False
