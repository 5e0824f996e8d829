"""Stage 2 (schema): the typed shape of a career guide.

These models *are* the guide schema: every field carries a description, and the JSON Schema in
`schema/guide.schema.json` is exported from them (`publisher schema`). Rules that span fields
(percent sums, salary order, dated sources) live in `publisher.guides.rules`, so that each
problem can be reported against the exact line of the guide that causes it.

Figures that are unknown are left out, never written as zero.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOC_PATTERN = r"^\d{2}-\d{4}$"
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

Text = Annotated[str, Field(min_length=1)]
# Text drawn in a chart (an activity, a pay path, its year): a few words. The layout engine
# draws chart text glyph by glyph, so a page of text there takes seconds to print, cut off.
MAX_LABEL = 80
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL)]
# A pitch: one sentence a table card prints in large type under the title (two lines there).
PITCH_MAX = 90
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
SourceRefs = Annotated[
    list[Slug],
    Field(
        min_length=1,
        description="Ids of entries in `sources` that this figure comes from.",
    ),
]
Money = Annotated[int, Field(gt=0, description="Whole currency units, e.g. 66000.")]


class Strict(BaseModel):
    """Base: unknown keys are errors (a typo must not silently drop content)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        defer_build=True,
        strict=True,  # `true` is not a number, "yes" is not a boolean
        allow_inf_nan=False,  # .nan, .inf and 1e309 are not figures
    )


class Suits(Strict):
    """Who the career suits, as two contrasting short statements."""

    worth_a_look_if: Text = Field(description="Who should look closer: one or two sentences.")
    maybe_not_if: Text = Field(description="Who may be disappointed: one or two sentences.")


class TimeShare(Strict):
    """One activity of the work and its share of the working time."""

    activity: Label = Field(description="What the time goes to, e.g. 'Mixing & editing'.")
    percent: float = Field(ge=0, le=100, description="Share of working time, 0–100.")


class Work(Strict):
    """What the work actually is and how its time splits."""

    heading: Text | None = Field(
        default=None, description="Optional subheading, e.g. 'What you'd actually do all day'."
    )
    intro: Text = Field(description="The honest picture of the work, in a short paragraph.")
    time_split: list[TimeShare] = Field(
        min_length=1, description="Activities in the order to show them; percents sum to 100."
    )
    split_changes: Text | None = Field(
        default=None, description="How the split shifts with seniority or setting."
    )
    basis: Text = Field(
        description="What the split is based on, e.g. 'Rough split, based on how practitioners "
        "describe the work.'"
    )


class DayBlock(Strict):
    """One block of a typical day."""

    time: str = Field(
        pattern=r"^([01]?\d|2[0-3]):[0-5]\d$",
        description="Start time on a 24-hour clock, 'HH:MM' (e.g. '15:00' for 3 pm).",
    )
    title: Text = Field(description="A few words: what happens in this block.")
    text: Text = Field(description="One or two sentences about the block.")


class Day(Strict):
    """A typical day, as a schedule of blocks."""

    title: Text = Field(description="Heading, e.g. 'A typical early-career day'.")
    blocks: list[DayBlock] = Field(min_length=1, description="Blocks in time order.")
    end: str | None = Field(
        default=None,
        pattern=r"^([01]?\d|2[0-3]):[0-5]\d$",
        description="When the day's last block ends, 'HH:MM' (drawn as the end of the strip).",
    )
    note: Text | None = Field(default=None, description="How typical this day is, and for whom.")


class Fit(Strict):
    """Signs the career is, or is not, the reader's thing."""

    intro: Text | None = Field(default=None, description="Optional lead-in sentence.")
    signs_yes: list[Text] = Field(min_length=1, description="When people realise it's for them.")
    signs_no: list[Text] = Field(min_length=1, description="When people realise it isn't.")


class Step(Strict):
    """One step on the usual way into the career."""

    title: Text = Field(description="The step in a few words, e.g. 'Apprenticeship'.")
    text: Text = Field(description="What it takes, in a line or two.")


class GettingIn(Strict):
    """How to get in: the usual route, step by step, and the first jobs it leads to."""

    steps: list[Step] = Field(
        min_length=2,
        max_length=4,
        description="The usual route in order, 2–4 steps: school, training, licence, first job…",
    )
    first_jobs: list[Text] = Field(
        default_factory=list, max_length=4, description="Job titles people start with."
    )
    sources: list[Slug] = Field(
        default_factory=list,
        description="Ids of entries in `sources` for the facts it states (a typical education, "
        "a licence, an apprenticeship's length).",
    )


class Starter(Strict):
    """A first project that lets a reader try the work."""

    title: Text = Field(description="Name of the project.")
    text: Text = Field(description="What to make and what it tests.")


class SalaryPath(Strict):
    """A pay path: the range one way of doing the work pays."""

    label: Label = Field(description="The path, e.g. 'Audio engineering job'.")
    low: Money | None = Field(default=None, description="Entry or low end of the range.")
    median: Money | None = Field(default=None, description="Median or typical pay.")
    high: Money | None = Field(default=None, description="Top of the range.")
    open_top: bool = Field(
        default=False, description="True when the top is open-ended, printed as '$500K+'."
    )
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    period: Literal["year", "hour"] = Field(default="year", description="Pay per year or hour.")
    year: Label | None = Field(
        default=None, description="When the figures are from, e.g. 'May 2024' or '2025–26'."
    )
    sources: SourceRefs


class Growth(Strict):
    """Projected change in the number of jobs."""

    percent: float | None = Field(default=None, description="A single projected change in %.")
    low: float | None = Field(default=None, description="Low end, when given as a range.")
    high: float | None = Field(default=None, description="High end, when given as a range.")
    period: Text | None = Field(default=None, description="The projection decade, e.g. '2024–34'.")
    sources: SourceRefs


class Numbers(Strict):
    """The money and the market."""

    heading: Text | None = Field(default=None, description="Optional subheading.")
    text: Text = Field(description="What the pay paths mean, in plain words.")
    salary_paths: list[SalaryPath] = Field(
        default_factory=list, description="Pay paths, drawn as ranges on the salary chart."
    )
    growth: Growth | None = Field(default=None, description="Projected job growth, if sourced.")
    basis: Text | None = Field(
        default=None, description="Where the numbers come from and how close the match is."
    )


class MedianPay(Strict):
    """Median pay as the Occupational Outlook Handbook prints it."""

    amount: float | None = Field(
        default=None, gt=0, description="Median pay in currency units (left out: from the data)."
    )
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    period: Literal["year", "hour"] = Field(default="year", description="Per year or per hour.")
    year: Text | None = Field(default=None, description="When, e.g. 'May 2024'.")
    sources: SourceRefs


class Education(Strict):
    """Typical education needed to enter the occupation."""

    value: Text | None = Field(
        default=None, description="E.g. 'Bachelor's degree' (left out: from the data)."
    )
    sources: SourceRefs


class Jobs(Strict):
    """Number of jobs in the occupation."""

    count: int | None = Field(
        default=None, gt=0, description="Number of jobs (left out: from the data)."
    )
    year: Text | None = Field(default=None, description="The year counted, e.g. '2024'.")
    sources: SourceRefs


class QuickFacts(Strict):
    """The facts box: only the facts the guide has sources for."""

    soc: list[Annotated[str, Field(pattern=SOC_PATTERN)]] = Field(
        default_factory=list, description="Standard Occupational Classification code(s)."
    )
    soc_note: Text | None = Field(
        default=None, description="When the code is a proxy: what it covers, e.g. 'closest code'."
    )
    median_pay: MedianPay | None = Field(default=None, description="Median pay with its year.")
    entry_education: Education | None = Field(default=None, description="Typical entry education.")
    jobs: Jobs | None = Field(default=None, description="Number of jobs with its year.")


class Outlook(Strict):
    """Where the career is going."""

    going: Text = Field(description="Where it's going: the next few years.")
    now: Text | None = Field(default=None, description="Right now: the situation today.")


Series = Literal["oews", "projections"]
MAX_URL = 400  # characters: a QR code a phone reads at arm's length holds about this many
HttpsUrl = Annotated[str, Field(pattern=r"^https://", max_length=MAX_URL)]


class Source(Strict):
    """A source of figures or facts, as the page prints it.

    A source with a `series` and a `code` cites a dataset imported into `data/` (`publisher
    data import`): the figures that cite it are checked against that dataset, or taken from
    it, and its name, date and page are made from it.
    """

    id: Slug = Field(description="Short id that figures refer to, e.g. 'oews-27-4014'.")
    series: Series | None = Field(
        default=None,
        description="An imported series: 'oews' (BLS wages) or 'projections' (BLS Employment "
        "Projections). Its citation comes from the dataset.",
    )
    name: Text | None = Field(
        default=None,
        description="Who published it, e.g. 'BLS, Occupational Outlook Handbook, Chefs'. "
        "Left out for a `series` source.",
    )
    code: Text | None = Field(default=None, description="Occupation code or table, if any.")
    date: Text | None = Field(default=None, description="Data date, e.g. 'May 2024'.")
    url: HttpsUrl | None = Field(
        default=None,
        description="The publisher's own page for it (https only); printed. Not an archive or "
        "a site that quotes it: keep those under `checked_against`.",
    )
    checked_against: list[HttpsUrl] = Field(
        default_factory=list,
        description="Pages the figures were checked against (kept for editors, never printed).",
    )
    note: Text | None = Field(default=None, description="What was taken from it, in brief.")


def parse_month(value: str) -> date:
    """'2026-06' or '2026-06-15' → date; raises ValueError with a readable message."""
    match = MONTH_PATTERN.match(value)
    if not match:
        raise ValueError("use 'YYYY-MM' or 'YYYY-MM-DD', e.g. '2026-06'")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    return date(year, month, day)


class Guide(Strict):
    """A career guide: everything one two-page career spread prints."""

    title: Text = Field(description="Career name, e.g. 'Music Producer'.")
    summary: Text = Field(description="The lead: what it is and the honest catch, 1–3 sentences.")
    pitch: str | None = Field(
        default=None,
        min_length=1,
        max_length=PITCH_MAX,
        description=f"One sentence for the table card, at most {PITCH_MAX} characters, e.g. "
        "'Chefs run kitchens: the menu, the team and every plate.' Left out, the card uses the "
        "summary's first sentence when it is that short.",
    )
    cluster: Slug = Field(description="Career cluster id, e.g. 'arts-av-communication'.")
    tags: list[Slug] = Field(default_factory=list, description="Free tags for booklet selection.")
    related: list[Slug] = Field(default_factory=list, description="Slugs of related guides.")
    suits: Suits = Field(description="Who it suits.")
    work: Work = Field(description="The work and how its time splits.")
    day: Day = Field(description="A typical day.")
    fit: Fit = Field(description="Signs it is, or isn't, your thing.")
    getting_in: GettingIn | None = Field(
        default=None, description="How to get in: the usual route and first jobs."
    )
    starter: Starter = Field(description="The starter project.")
    numbers: Numbers = Field(description="The money and the market.")
    quick_facts: QuickFacts = Field(
        default_factory=QuickFacts, description="Facts for the quick-facts box."
    )
    outlook: Outlook = Field(description="Where it's going, and right now.")
    sources: list[Source] = Field(min_length=1, description="Every source figures refer to.")
    data_as_of: str | None = Field(
        default=None,
        description="Month the guide's data was checked, 'YYYY-MM' (e.g. '2026-06'). Left out, "
        "the guide is a draft.",
    )
    closing: Text | None = Field(default=None, description="The closing line of the spread.")
    more_info_url: str | None = Field(
        default=None,
        pattern=r"^https://",
        max_length=MAX_URL,
        description="Page for more information (QR code).",
    )

    @field_validator("data_as_of")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            parse_month(value)
        return value

    @property
    def as_of(self) -> date | None:
        """When the figures were checked; None in a draft that does not say yet."""
        return parse_month(self.data_as_of) if self.data_as_of else None

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)
