"""`publisher new`: a guide skeleton with every section and TODO markers to fill.

The skeleton is a draft as written: `publisher check` reports its TODO markers and the missing
data date, `--draft` prints it marked DRAFT, and a counselor fills it one section at a time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from publisher.errors import PublisherError
from publisher.guides.models import SLUG_PATTERN
from publisher.guides.rules import slugify

TEMPLATE = """\
# yaml-language-server: $schema=../schema/guide.schema.json
title: {title}
summary: TODO one to three sentences - what it is, and the honest catch.
cluster: todo-cluster
tags: []
related: []

suits:
  worth_a_look_if: TODO who should look closer.
  maybe_not_if: TODO who may be disappointed.

work:
  intro: TODO the honest picture of the work.
  time_split:
    - activity: TODO first activity
      percent: 50
    - activity: TODO second activity
      percent: 50
  basis: Rough split, based on how practitioners describe the work.

day:
  title: A typical day
  blocks:
    - time: "09:00"
      title: TODO first block
      text: TODO what happens.
    - time: "13:00"
      title: TODO second block
      text: TODO what happens.
  end: "17:00"
  note: TODO how typical this day is.

fit:
  signs_yes:
    - TODO when people realise it's their thing.
  signs_no:
    - TODO when people realise it isn't.

starter:
  title: TODO starter project
  text: TODO what to make and what it tests.

numbers:
  text: TODO what the pay means in plain words.
  salary_paths: []
  # - label: TODO path name
  #   low: 40000
  #   median: 60000
  #   high: 90000
  #   year: May 2024
  #   sources: [TODO-source-id]

quick_facts:
  soc: []

outlook:
  going: TODO where it's going.
  now: TODO right now.

sources:
  # A figure from the BLS data imported into data/ (`publisher data import`) cites its
  # series by code; the citation, date and page are then made from the data:
  # - id: oews-00-0000
  #   series: oews        # or projections (growth, number of jobs, entry education)
  #   code: 00-0000       # the occupation's SOC code
  - id: todo-source
    name: TODO source name
    date: TODO data date, e.g. May 2024

# The month every figure above was checked against its source, e.g. "{month}". Until it is
# set (and the TODOs are gone) the guide is a draft: `--draft` prints it marked DRAFT.
# data_as_of: "YYYY-MM"
closing: TODO a closing line.
"""


def new_guide(guides_dir: Path, title: str, month: str) -> Path:
    """Write `guides/<slug>.yaml` for `title`; refuse to overwrite."""
    slug = slugify(title)
    if not re.match(SLUG_PATTERN, slug):
        raise PublisherError(f"cannot make a file name from {title!r}: use letters or digits")
    path = guides_dir / f"{slug}.yaml"
    shown = f"{guides_dir.name}/{path.name}"
    text = TEMPLATE.format(
        title=json.dumps(" ".join(title.split()), ensure_ascii=False), month=month
    )
    guides_dir.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise PublisherError(f"{shown} already exists; edit it, or choose another title") from None
    return path
