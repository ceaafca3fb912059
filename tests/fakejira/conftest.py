"""One small seeded site for the fake Jira's tests (built once per session and xdist worker): 1,000 issues
with the benchmark's 20,000 worklogs, and 150 projects so that project lists need a second page."""

from __future__ import annotations

import pytest

from benchmarks.fakejira.generate import DataSize, generate
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.model import Dataset


@pytest.fixture(scope="session")
def data() -> Dataset:
    return generate(DataSize(1_000, worklogs=20_000, projects=150))


@pytest.fixture(scope="session")
def engine(data: Dataset) -> Engine:
    return Engine(data)


@pytest.fixture(scope="session")
def viewer(data: Dataset) -> Viewer:
    return Viewer(data.viewer.account_id)
