"""Every ``kg`` command in the README's shell blocks runs as written (from a folder that
holds the project's seeds/ and queries/), so the documentation cannot drift from the tool.
``kg serve`` blocks until stopped and is exercised by tests/test_serve.py instead."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow
README = (ROOT / "README.md").read_text("utf-8")


def readme_commands() -> list[str]:
    """The ``python3 -m kg …`` commands of the README's ``sh`` blocks, in order, comments cut."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            for part in (p.strip() for p in command.split("&&")):
                if part.startswith("python3 -m kg") and " serve " not in f"{part} ":
                    out.append(part)
    return out


def test_readme_has_kg_commands():
    commands = readme_commands()
    assert commands[0] == "python3 -m kg build" and any(" query " in c for c in commands)
    assert any(" viz " in c for c in commands) and any(" validate " in c for c in commands)


def test_readme_commands_run_as_written(tmp_path):
    for name in ("seeds", "queries"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command in readme_commands():
        argv = [sys.executable if a == "python3" else a for a in shlex.split(command)]
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    assert (tmp_path / "build" / "graph.ttl").is_file() and (tmp_path / "sengge.html").is_file()
