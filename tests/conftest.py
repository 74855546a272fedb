"""Shared fixtures: the real packaged gazetteer and tokenizer, loaded once per session, and
one build of the seed pages shared by the end-to-end tests."""

from __future__ import annotations

import pytest

from kg.build import BuildResult, build
from kg.resources import Resources, load_resources
from tests.helpers import SEEDS


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()


@pytest.fixture(scope="session")
def seed_build(resources, tmp_path_factory) -> tuple[BuildResult, object]:
    """``(result, out_dir)`` of ``kg build seeds/``."""
    out = tmp_path_factory.mktemp("seed-build")
    return build([SEEDS], out, resources), out
