"""Fuzzing the language: no input crashes it, fmt never changes meaning, clean specs build valid apps.

About 10,100 inputs per run (about 80 s of one core), split over several tests so xdist can spread
them (see fuzz_inputs.py for what they are). For every input:

* parse, check, code frames and JSON never raise; every diagnostic points at a line of the input,
  and the rendered frames hold no raw control or invisible character;
* when the parse is exact, fmt's output parses to the same tree with the same comments, formats to
  itself, and checks with exactly the same diagnostic codes; otherwise fmt refuses it.

A sample of clean specs with hostile texts is built and put through Atlassian's manifest validator,
all in one Node process: none may be rejected.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from fuzz_inputs import hostile_texts, mutated, spliced, substituted, token_soup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from toolchain_support import check_manifests

from compiler.build import build
from dsl import analyze
from dsl.formatter import format_app, format_source
from dsl.parser import parse
from dsl.render import SourceLines, code_frames, select, to_json
from dsl.strings import visible

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@contextmanager
def cli_recursion_limit() -> Iterator[None]:
    """Python's default recursion limit, counted from where the CLI calls the language (about 30
    frames deep). Hypothesis raises the limit while a test runs, which would hide input nested deeply
    enough to exhaust the CLI's stack."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + CLI_STACK_LEFT)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


CLI_STACK_LEFT = 1_000 - 30


def exercise(text: str) -> None:
    """Every property the language promises for any input."""
    with cli_recursion_limit():
        analysis = analyze(text, "fuzz.appspec")
    lines = SourceLines(text)
    for diagnostic in analysis.diagnostics:
        assert diagnostic.message
        assert lines.line(diagnostic.span.line) is not None, diagnostic
        assert diagnostic.span.column >= 1, diagnostic
    frames = code_frames(analysis.diagnostics, text)
    assert visible(frames, keep="\n") == frames
    frames.encode("utf-8")  # what the CLI writes (a lone surrogate used to fail here, and in fmt and build)
    selection = select(analysis.diagnostics)
    json.loads(to_json([d.to_json() for d in selection.shown]).encode("utf-8"))
    assert_fmt_keeps_meaning(text, [d.code for d in analysis.diagnostics])


def assert_fmt_keeps_meaning(text: str, codes: list[str]) -> None:
    parsed = parse(text, "fuzz.appspec")
    if not parsed.exact or parsed.app is None:
        assert format_source(text, "fuzz.appspec") is None
        return
    formatted = format_app(parsed.app, parsed.comments)
    formatted.encode("utf-8")
    again = parse(formatted, "fuzz.appspec")
    assert again.exact and again.app == parsed.app, formatted
    assert [c.text for c in again.comments] == [c.text for c in parsed.comments]
    assert format_app(again.app, again.comments) == formatted
    after = [d.code for d in analyze(formatted, "fuzz.appspec").diagnostics]
    assert sorted(after) == sorted(codes), formatted


@settings(FUZZ, max_examples=2_500)
@given(mutated())
def test_mutated_specs(text: str) -> None:
    exercise(text)


@settings(FUZZ, max_examples=2_500)
@given(spliced())
def test_spliced_specs(text: str) -> None:
    exercise(text)


@settings(FUZZ, max_examples=2_500)
@given(substituted())
def test_specs_with_hostile_values(text: str) -> None:
    exercise(text)
    analysis = analyze(text, "fuzz.appspec")
    if analysis.ok and analysis.app is not None:  # what build writes must be writable
        for content in build(analysis.app, text).files().values():
            content.encode("utf-8")


@settings(FUZZ, max_examples=1_000)
@given(hostile_texts().flatmap(lambda clean: mutated([clean])))
def test_mutated_clean_specs_with_hostile_texts(text: str) -> None:
    exercise(text)


@settings(FUZZ, max_examples=1_500)
@given(token_soup())
def test_token_soups(text: str) -> None:
    exercise(text)


@settings(FUZZ, max_examples=600)
@given(hostile_texts())
def test_clean_specs_with_hostile_texts_stay_clean(text: str) -> None:
    analysis = analyze(text, "fuzz.appspec")
    assert analysis.ok, [(d.code, d.message) for d in analysis.diagnostics]
    exercise(text)


MANIFEST_SAMPLE = 120


@pytest.mark.toolchain
@settings(max_examples=1, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(st.lists(hostile_texts(), min_size=MANIFEST_SAMPLE, max_size=MANIFEST_SAMPLE))
def test_clean_specs_build_apps_the_manifest_validator_accepts(
    tmp_path_factory: pytest.TempPathFactory, specs: list[str]
) -> None:
    root = tmp_path_factory.mktemp("fuzzed-apps")
    dirs: list[Path] = []
    for index, text in enumerate(specs):
        analysis = analyze(text, "fuzz.appspec")
        assert analysis.ok and analysis.app is not None, [d.message for d in analysis.diagnostics]
        app_dir = root / f"app{index}"
        for path, content in build(analysis.app, text).files().items():
            target = app_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        dirs.append(app_dir)
    rejected = [
        f"{text}\n→ {result.messages()}"
        for text, result in zip(specs, check_manifests(dirs), strict=True)
        if not result.ok
    ]
    assert not rejected, f"{len(rejected)} clean specs built invalid manifests; the first:\n{rejected[0]}"
