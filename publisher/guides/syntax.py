"""Stage 1 (load): YAML's own error reports → a problem a person can act on.

PyYAML describes a broken file in parser terms ("while scanning a simple key: could not find
expected ':'"). A counselor editing a guide needs to know what to change on which line, so the
common cases are reworded here; anything else keeps PyYAML's words with a general hint.
"""

from __future__ import annotations

import re

import yaml
from yaml.reader import ReaderError

from publisher.errors import Problem

QUOTE_HINT = "put text that contains ': ', ' #' or starts with a symbol in quotes"

# (PyYAML's words, our message with \1 for what the pattern caught, hint, at context mark)
_REWORDINGS: tuple[tuple[str, str, str, bool], ...] = (
    (
        r"found character '\\t'",
        "a tab is used for indenting here; YAML needs spaces",
        "replace the tab with spaces (most editors: 'Convert indentation to spaces')",
        False,
    ),
    (
        r"found character '(.)' that cannot start any token",
        "a value cannot start with '\\1'",
        "put the whole value in quotes",
        False,
    ),
    (
        r"mapping values are not allowed here",
        "unexpected ':' here",
        f"check the indentation of this line; {QUOTE_HINT}",
        False,
    ),
    (
        r"could not find expected ':'",
        "this line is neither a field (`name: value`) nor the continuation of one",
        "add the missing ':' on the line above, or indent the text to continue the value",
        True,
    ),
    (
        r"expected ',' or '\]'",
        "a list opened with '[' is never closed",
        "add the closing ']', or put the value in quotes if it starts with '['",
        True,
    ),
    (
        r"expected ',' or '\}'",
        "a group opened with '{' is never closed",
        "add the closing '}', or put the value in quotes if it starts with '{'",
        True,
    ),
    (
        r"found unexpected end of stream",
        "a quote opened here is never closed",
        "add the closing quote at the end of the text",
        True,
    ),
    (
        r"expected <block end>, but found '<scalar>'",
        "text goes on after a closing quote",
        "if the text holds a quote, wrap it in the other kind ('He said \"hi\"'); "
        "or close a quote left open on a line above",
        False,
    ),
    (
        r"expected <block end>",
        "this line's indentation does not match the lines around it",
        "indent the fields of one group by the same number of spaces; list items start with '- '",
        False,
    ),
    (
        r"but found another document",
        "the file holds more than one YAML document",
        "a guide is one document: remove this '---' line, or split the file in two",
        False,
    ),
    (
        r"found duplicate anchor '([^']*)'",
        "the anchor '&\\1' is defined twice",
        "give each anchor its own name",
        False,
    ),
    (
        r"found undefined alias '([^']*)'",
        "'*\\1' refers to an anchor '&\\1' that is not defined",
        "put the value in quotes if the '*' is meant as text",
        False,
    ),
)


def syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    """The problem a YAML scanner, parser or composer error stands for."""
    found = f"{exc.context or ''}: {exc.problem or ''}"
    for pattern, message, hint, at_context in _REWORDINGS:
        match = re.search(pattern, found)
        if match:
            mark = (exc.context_mark if at_context else None) or exc.problem_mark
            return _at(display, mark, match.expand(message), hint)
    message = f"not valid YAML: {exc.problem or exc.context or 'unreadable'}"
    return _at(display, exc.problem_mark or exc.context_mark, message, QUOTE_HINT)


def reader_problem(exc: ReaderError, text: str, display: str) -> Problem:
    """A character YAML refuses (control characters, mostly pasted from PDFs)."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Problem(
        display,
        line,
        column,
        "",
        f"the file contains an invisible control character (U+{character:04X})",
        "delete it; it usually comes from text pasted out of a PDF or word processor",
    )


def _at(display: str, mark: yaml.Mark | None, message: str, hint: str) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(display, line, column, "", message, hint)
