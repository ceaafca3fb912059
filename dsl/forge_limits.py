"""Limits Atlassian's manifest validator puts on what a spec controls, checked with positions.

A clean spec must build an app that ``forge deploy`` accepts, so every limit of the manifest schema
(``@forge/manifest``, ``out/schema/manifest-schema.json``) that a spec can reach is checked here:

* module ``title``: 1 to 255 characters. The app's name is a title too: pages of one kind share one
  Forge page, which is then titled with the app's name (see W104).
* module ``description`` (a gadget's is required; forgewright uses the title when there is none) and
  the app's ``description``: at most 1,000 characters. Empty ones say nothing, so they are refused.
* ``resource`` keys: at most 23 characters (``^[a-zA-Z0-9_\\-]{1,23}$``). Each module's view is the
  resource ``KEY-view`` and a configurable gadget's editor ``KEY-edit``, so a module key may have at
  most 23 - 5 = 18 characters.
* at most 50 resources per app (``MAX_RESOURCE_COUNT`` in its resources validator): one per gadget,
  issue panel and page kind, and one more per gadget with ``config``.

The ``-view``/``-edit`` suffixes and the resource count mirror the default target's manifest; the
toolchain tests build specs at exactly these limits and run Atlassian's validator on them.
"""

from __future__ import annotations

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.resolve import SINGLE_PAGE_KINDS
from dsl.span import Span
from dsl.strings import EscapeError, unquote

MAX_TITLE_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 1_000
MAX_RESOURCE_KEY_LENGTH = 23
RESOURCE_SUFFIXES = ("-view", "-edit")
MAX_MODULE_KEY_LENGTH = MAX_RESOURCE_KEY_LENGTH - max(len(suffix) for suffix in RESOURCE_SUFFIXES)
MAX_RESOURCES = 50


def check_forge_limits(app: ast.App) -> list[Diagnostic]:
    """Every Forge manifest limit the app's texts, keys and module count break."""
    problems = _text_limits(app.name, "the app's name", MAX_TITLE_LENGTH)
    if app.description is not None:
        problems += _text_limits(app.description, "the app's description", MAX_DESCRIPTION_LENGTH)
    for module in app.modules:
        problems += _text_limits(module.title, "a module's title", MAX_TITLE_LENGTH)
        if module.description is not None:
            problems += _text_limits(module.description, "a module's description", MAX_DESCRIPTION_LENGTH)
        problems += _key_length(module.key)
    return problems + _resource_count(app.modules)


def _resources_needed(module: ast.Module) -> int:
    """Forge resources a module brings when it has its own Forge module: its view, and an editor
    for a gadget with configuration."""
    return 1 + (module.kind is ast.ModuleKind.GADGET and bool(module.config))


def _text_limits(text: ast.Text, what: str, limit: int) -> list[Diagnostic]:
    if not text.value.strip():
        return [
            error(
                "E411",
                text.span,
                f"{what} is empty",
                "Jira shows it: write a few words" if limit == MAX_TITLE_LENGTH else "write a sentence, or remove it",
            )
        ]
    if len(text.value) <= limit:
        return []
    return [
        error(
            "E411",
            _from_character(text, limit),
            f"{what} is {len(text.value):,} characters long; Forge allows at most {limit:,}",
            "shorten it; the marked part is beyond the limit",
        )
    ]


def _from_character(text: ast.Text, index: int) -> Span:
    """The span from the ``index``-th character of a string's value to the end of the literal."""
    span = text.span
    try:
        _, offsets = unquote(text.raw)
    except EscapeError:  # reported as E004; the value is the literal as written
        return span
    column = span.column + offsets[index]
    return Span(span.file, span.line, column, span.end_line, span.end_column, span.start + offsets[index], span.end)


def _key_length(key: ast.Name) -> list[Diagnostic]:
    if len(key.value) <= MAX_MODULE_KEY_LENGTH:
        return []
    return [
        error(
            "E412",
            key.span,
            f"module key `{key.value}` has {len(key.value)} characters; at most {MAX_MODULE_KEY_LENGTH} fit in Forge",
            f"Forge resource keys have at most {MAX_RESOURCE_KEY_LENGTH} characters and the app adds "
            f"`-view` or `-edit` to the module key; shorten it, e.g. `{key.value[:MAX_MODULE_KEY_LENGTH]}`",
        )
    ]


def _resource_count(modules: tuple[ast.Module, ...]) -> list[Diagnostic]:
    total = 0
    page_kinds_seen: set[ast.ModuleKind] = set()
    for module in modules:
        if module.kind in SINGLE_PAGE_KINDS:
            if module.kind in page_kinds_seen:
                continue  # a tab of the first page of its kind: no resource of its own
            page_kinds_seen.add(module.kind)
        total += _resources_needed(module)
        if total > MAX_RESOURCES:
            return [
                error(
                    "E413",
                    module.key.span,
                    f"with `{module.key.value}` the app needs {total} Forge resources; one app may have at most "
                    f"{MAX_RESOURCES}",
                    "split the spec into two apps: each gadget and issue panel needs one resource, a gadget "
                    "with `config` two",
                )
            ]
    return []
