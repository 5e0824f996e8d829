"""Stage 2 for another locale: the words a guide prints that come from the agency's data, not
from its writer (a series' name, its months, an education level), in the edition's language.

A guide in English prints "BLS, Occupational Employment and Wage Statistics", "May 2024" and
"Bachelor's degree" as the data gives them; a Spanish edition prints the catalog's words for
them and babel's months ("mayo de 2024"). A word the catalog lacks is a problem, never English.
"""

from __future__ import annotations

import re
from typing import Any

from publisher.errors import Problem
from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

DATED = (("quick_facts", "median_pay", "year"), ("quick_facts", "jobs", "year"))


def education_key(value: str) -> str:
    """ "Bachelor's degree" → 'education_bachelors_degree' (its key in the label catalog)."""
    words = re.sub(r"[^a-z0-9]+", "_", value.lower().replace("'", "")).strip("_")
    return f"education_{words}"


def localize(
    guide: Guide, labels: Labels, fmt: Formatter, display: str
) -> tuple[Guide, list[Problem]]:
    """`guide` with its data's words in the locale of `labels` and `fmt`."""
    data: dict[str, Any] = guide.model_dump(mode="python")
    problems: list[Problem] = []
    for source in data["sources"]:
        series = f"series_{source.get('series')}"
        if source.get("series") and source.get("name") and series in labels:
            source["name"] = labels[series]  # (a catalog without it is a problem of its own)
        if source.get("date"):
            source["date"] = fmt.dates_in(source["date"])
    for path in data["numbers"]["salary_paths"]:
        if path.get("year"):
            path["year"] = fmt.dates_in(path["year"])
    for where in DATED:
        block = data[where[0]].get(where[1]) if data.get(where[0]) else None
        if block and block.get(where[2]):
            block[where[2]] = fmt.dates_in(block[where[2]])
    education = (data.get("quick_facts") or {}).get("entry_education")
    if education and education.get("value"):
        key = education_key(education["value"])
        if key in labels:
            education["value"] = labels[key]
        else:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "quick_facts.entry_education",
                    f"the education level {education['value']!r} has no {labels.locale} label",
                    f"add `{key}:` to layouts/labels/{labels.locale}.yaml",
                )
            )
    return Guide.model_validate(data), problems
