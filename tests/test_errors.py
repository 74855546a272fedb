"""The error catalogue: every message has one code, every code is used, and every error the
package raises on purpose takes its message from the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kg import errors
from kg.errors import Errors, Warnings

PACKAGE = Path(errors.__file__).parent
_ERROR_CLASSES = {name for name, value in vars(errors).items()
                  if isinstance(value, type) and issubclass(value, Exception)}


def _codes(cls: type) -> list[str]:
    tree = ast.parse(Path(errors.__file__).read_text("utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__).body
    return [t.id for n in body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]


def test_errors_codes_are_unique_and_carried_in_their_messages():
    for cls in (Errors, Warnings):
        codes = _codes(cls)
        assert codes and len(codes) == len(set(codes)), cls
        for code in codes:
            assert getattr(cls, code).startswith(f"[{code}] ")


def test_errors_every_code_is_used_by_the_package():
    source = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py") if p.name != "errors.py")
    used = set(re.findall(r"\b(?:Errors|Warnings)\.([EW]\d{3})\b", source))
    assert used, "the scan found no use at all"
    assert set(_codes(Errors)) | set(_codes(Warnings)) == used


def _message_of(call: ast.Call) -> ast.expr | None:
    return call.args[0] if call.args else None


def _from_catalogue(node: ast.expr | None) -> bool:
    """``Errors.E001`` or ``Errors.E001.format(...)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        node = node.func.value
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in ("Errors", "Warnings"))


def test_errors_every_raise_of_a_package_error_uses_the_catalogue():
    checked, offenders = 0, []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                    and isinstance(node.exc.func, ast.Name) and node.exc.func.id in _ERROR_CLASSES:
                checked += 1
                if not _from_catalogue(_message_of(node.exc)):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert checked > 20  # the scan sees the package's raises
    assert offenders == []
