"""One small seeded site for the fake Jira's tests (built once per session and xdist worker)."""

from __future__ import annotations

import pytest

from benchmarks.fakejira.generate import DataSize, generate
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.model import Dataset


@pytest.fixture(scope="session")
def data() -> Dataset:
    return generate(DataSize(1_000, worklogs=3_000))


@pytest.fixture(scope="session")
def engine(data: Dataset) -> Engine:
    return Engine(data)


@pytest.fixture(scope="session")
def viewer(data: Dataset) -> Viewer:
    return Viewer(data.viewer.account_id)
