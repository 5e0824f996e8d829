"""A guide's pitch: the one sentence a table card prints under the title.

A guide may write it (`pitch:`, at most `PITCH_MAX` characters); left out, the summary's first
sentence stands in for it when it is as short. A first sentence that runs longer is never cut
or reworded: the card prints no pitch, and `publisher check` warns (`guides.rules`).
"""

from __future__ import annotations

import re

from publisher.guides.models import PITCH_MAX, Guide

# A sentence ends at . ! or ? followed by a space and a capital, digit or opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9$])")


def first_sentence(text: str) -> str:
    """'Short one. Then more.' → 'Short one.' (the whole text when it is one sentence)."""
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def card_pitch(guide: Guide) -> str | None:
    """The guide's `pitch`, or its summary's first sentence if that is at most `PITCH_MAX`
    characters; None when neither is there to print."""
    if guide.pitch:
        return guide.pitch
    first = first_sentence(guide.summary)
    return first if len(first) <= PITCH_MAX else None
