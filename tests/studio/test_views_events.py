"""What the panels get for a text (diagnostics placed for the page, scopes, audit, cost, preview) and
the event bus the page follows."""

from __future__ import annotations

import asyncio
import sys
import threading

from forgewright.assistant.repair import canonical
from forgewright.studio.events import EventBus
from forgewright.studio.views import ViewCache, compute_views, cost_of, keywords
from tests.studio.support import SPEC


def test_a_valid_spec_has_every_view() -> None:
    views = compute_views(SPEC, "bugs.appspec")
    data = views.data
    assert data["ok"] and data["diagnostics"] == [] and data["app"] == "Open Bugs"
    assert data["build_folder"] == "build/open-bugs"
    assert [s["scope"] for s in data["scopes"]["scopes"]] == ["read:jira-work"]
    reason = data["scopes"]["scopes"][0]["reasons"][0]
    assert reason["module"] == "open_bugs" and reason["line"] > 1
    assert data["audit"]["calls_jira_as"] == "user" and "Data-access audit: Open Bugs" in data["audit"]["text"]
    [module] = data["cost"]["modules"]  # the audit states what one load costs (compiler/costs.py)
    assert [(c["matching"], c["requests"], c["points"]) for c in module["cost"]["load_costs"]] == [
        (1000, 1, 51),
        (10000, 1, 51),
        (100000, 1, 51),
    ]
    assert data["cost"]["app"]["cost_assumptions"]
    assert data["preview"] == f"/preview/{views.key}"
    assert views.preview is not None and "Open bugs" in views.preview


def test_diagnostics_carry_their_place_in_the_page_s_own_units() -> None:
    """Offsets count UTF-16 code units, as JavaScript strings do: an emoji before the error counts twice."""
    text = SPEC.replace('"Open bugs" {', '"Open bugs 🐞" {').replace("priority }", "priorty }")
    data = compute_views(text, "bugs.appspec").data
    assert not data["ok"] and "preview" not in data
    [found] = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert found["code"] == "E101" and "priority" in (found["hint"] or "")
    js_text = text.encode("utf-16-le")
    marked = js_text[2 * found["from"] : 2 * found["to"]].decode("utf-16-le")
    assert marked == "priorty"
    assert "file" not in found


def test_a_spec_that_does_not_parse_has_no_views_but_its_syntax_error() -> None:
    data = compute_views(SPEC.replace("table {", "table {{"), "bugs.appspec").data
    assert not data["ok"] and "scopes" not in data and "preview" not in data
    assert [d["code"] for d in data["diagnostics"]] == ["E001"]


def test_the_cost_per_load_is_shown_when_the_audit_states_it() -> None:
    audit = {
        "app": "x",
        "modules": [
            {"key": "a", "title": "A", "line": 3, "cost_per_load": {"1000": {"requests": 2, "points": 2}}},
            {"key": "b", "title": "B", "line": 9},
        ],
    }
    assert cost_of(audit) == {
        "app": {},
        "modules": [{"key": "a", "title": "A", "cost": {"cost_per_load": {"1000": {"requests": 2, "points": 2}}}}],
    }
    assert cost_of({"modules": [{"key": "b"}]}) is None


def test_the_cache_answers_the_same_text_once_and_keeps_recent_previews() -> None:
    cache = ViewCache(size=2)
    first = cache.get(SPEC, "a.appspec")
    assert cache.get(SPEC, "a.appspec") is first
    assert cache.preview(first.key) == first.preview
    cache.get(SPEC.replace("limit 50", "limit 5"), "a.appspec")
    cache.get(SPEC.replace("limit 50", "limit 6"), "a.appspec")
    assert cache.preview(first.key) is None  # pushed out


def test_keywords_come_from_the_grammar() -> None:
    words = keywords()
    assert {"app", "gadget", "issues", "where", "table"} <= set(words)
    assert "open_bugs" not in words


def test_the_bus_keeps_recent_events_and_asks_a_reader_far_behind_to_resync() -> None:
    bus = EventBus(keep=3)
    for n in range(5):
        bus.publish("x", {"n": n})
    assert [e["data"]["n"] for e in bus.after(2)] == [2, 3, 4]
    assert [e["kind"] for e in bus.after(1)] == ["resync"]  # event 2 is gone
    assert [e["kind"] for e in bus.after(99)] == ["resync"]  # a page from before a restart
    assert bus.after(5) == []


def test_a_waiting_reader_wakes_when_another_thread_publishes() -> None:
    bus = EventBus()

    async def read() -> list[str]:
        bus.bind(asyncio.get_running_loop())
        threading.Timer(0.2, bus.publish, ("version", {})).start()
        events = await bus.wait(0, timeout=10)
        idle = await bus.wait(1, timeout=0.1)
        return [e["kind"] for e in events] + [str(idle)]

    assert asyncio.run(read()) == ["version", "[]"]


def test_an_empty_spec_is_no_spec_yet_rather_than_an_error() -> None:
    data = compute_views("  \n", "new.appspec").data
    assert data["empty"] and not data["ok"] and data["diagnostics"] == [] and data["summary"] == "no spec yet"
    assert compute_views("app", "new.appspec").data["empty"] is False


def test_an_event_keeps_its_data_as_it_was_when_published() -> None:
    """A turn's record goes on growing after its first event: the event must not grow with it, or a page
    that reads the event late shows the later lines twice (once from it, once from their own events)."""
    bus = EventBus()
    record = {"turn": 1, "lines": ["asking Claude…"]}
    bus.publish("chat.turn", record)
    record["lines"].append("call 1: input 10")
    assert bus.after(0)[0]["data"] == {"turn": 1, "lines": ["asking Claude…"]}


def test_checks_and_formatting_on_many_threads_at_once_match_those_done_one_by_one() -> None:
    """The studio checks on the server's worker threads while a chat turn checks and formats on its own:
    the parser must keep nothing of one parse where another can see it (the parser of November kept the
    comments of the parse in progress in a module variable: formatting on two threads at once could
    write one spec's comments into the other)."""
    texts = [f"# note {n}\n" + SPEC.replace("limit 50", f"limit {n}  # at most {n}") for n in range(1, 9)]
    texts += [text.replace("priority }", "priorty }") for text in texts[:4]]

    def results(text: str, n: int) -> tuple[object, ...]:
        views = compute_views(text, f"spec-{n}.appspec").data
        return canonical(text, f"spec-{n}.appspec"), views["diagnostics"], views.get("audit")

    alone = [results(text, n) for n, text in enumerate(texts)]
    together: dict[int, list[tuple[object, ...]]] = {}

    def work(worker: int) -> None:
        together[worker] = [results(text, n) for _ in range(3) for n, text in enumerate(texts)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads mid-parse
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert all(found == alone * 3 for found in together.values())
