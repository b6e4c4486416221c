"""The two locks: requirements.lock holds what the server runs and nothing the tests alone need; requirements-test.lock
adds the test tools at the same versions; every pin carries hashes; the product imports only what the runtime lock
installs."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s*--hash=sha256:[0-9a-f]{64})*)", re.MULTILINE)
TEST_TOOLS = {"pytest", "pytest-django", "playwright", "axe-playwright-python", "hypothesis", "moto", "ruff", "pypdf"}
LOCAL = {"minutes", "panels", "tests"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text):
    """{distribution: (version, number of hashes)} of a lock's text."""
    return {normalise(m[1]): (m[2], m[3].count("--hash=")) for m in PIN.finditer(text)}


def pins(name):
    return parse_pins((ROOT / name).read_text(encoding="utf-8"))


def test_the_runtime_lock_has_the_redis_client_and_no_test_tools():
    runtime = pins("requirements.lock")
    assert "redis" in runtime and "django" in runtime and "gunicorn" in runtime
    assert TEST_TOOLS.isdisjoint(runtime)


def test_the_test_lock_adds_the_test_tools_at_the_runtime_versions():
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert TEST_TOOLS <= set(test)
    assert {name: test.get(name, (None,))[0] for name in runtime} == {name: v for name, (v, _) in runtime.items()}


def test_every_pin_carries_hashes():
    for lock in ("requirements.lock", "requirements-test.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        requirements = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
        locked = pins(lock)
        assert len(requirements) == len(locked) > 10, lock
        assert all(hashes >= 1 for _, hashes in locked.values()), lock


def imported_modules(path):
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def test_the_product_imports_only_what_the_runtime_lock_installs():
    sources = [
        *ROOT.glob("minutes/**/*.py"),
        *ROOT.glob("panels/**/*.py"),
        ROOT / "manage.py",
        ROOT / "gunicorn.conf.py",
    ]
    modules = set().union(*(imported_modules(path) for path in sources)) - LOCAL - set(sys.stdlib_module_names)
    providers = importlib.metadata.packages_distributions()
    needed = {normalise(dist) for module in modules for dist in providers.get(module, [module])}
    assert "django" in needed and "icalendar" in needed
    assert needed <= set(pins("requirements.lock")), needed - set(pins("requirements.lock"))


def test_the_lock_reader_counts_hashes_and_normalises_names():
    text = (
        "PyTest==9.2.0 \\\n    --hash=sha256:"
        + "a" * 64
        + " \\\n    --hash=sha256:"
        + "b" * 64
        + "\nZope.Interface==8.0\n"
    )
    assert parse_pins(text) == {"pytest": ("9.2.0", 2), "zope-interface": ("8.0", 0)}
