"""Shared fixtures: the real packaged gazetteer and tokenizer, loaded once per session."""

from __future__ import annotations

import pytest

from kg.resources import Resources, load_resources


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()
