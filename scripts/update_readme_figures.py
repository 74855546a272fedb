"""Refresh the quality table in README.md from `kg eval --baseline --markdown`.

    python scripts/update_readme_figures.py

tests/test_build_e2e.py fails when the README's figures stop matching the build; this
rewrites the table so they match again (review the diff before committing).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "| category | F1 | P | R | baseline F1 |"


def main() -> None:
    table = subprocess.run([sys.executable, "-m", "kg", "eval", "--baseline", "--markdown"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index(HEADER)
    end = readme.index("\n", readme.index("| code accuracy |", start))
    (ROOT / "README.md").write_text(readme[:start] + table + readme[end:], encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
