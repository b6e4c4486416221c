"""The repository holds everything its code, tests, Makefile and CI read: no tracked file refers to a path outside it,
so the suite passes on a fresh clone with nothing beside it."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".git", ".venv", "var", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules"}
# Files run from the repository's root, where any `../` leaves it.
RUN_FROM_ROOT = {"Makefile", "pyproject.toml", "gunicorn.conf.py", "manage.py"}

# Each pattern is written in pieces so that this file does not match itself.
OUTSIDE = [
    # The folders that sit beside the clone on the development machines, by name.
    ("a neighbouring folder", re.compile(r"\.\./+" + r"shared\b|\bshared/+(?:reference|" + r"examples)\b")),
    # Absolute paths into a particular machine.
    ("an absolute path on one machine", re.compile(r"(?<![\w.:/])/(?:" + "work|home|root|Users" + r")/[\w.-]")),
]
DOTDOT = re.compile(r"\.\./")
# Path(__file__).resolve().parent.parent… or Path(__file__).parents[N]: how far up from the file it climbs.
PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent)+)(?!s)")
PARENTS_INDEX = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?\.parents\[(\d+)\]")


def tracked_files():
    """The files git tracks, or (outside a git checkout, e.g. an unpacked archive) every file but the local state."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout.decode()
        return [Path(name) for name in listed.split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        return [
            path.relative_to(ROOT)
            for path in ROOT.rglob("*")
            if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
        ]


def outside_references(relative, text):
    """[(line number, what, line)] of the places in `text`, the content of the file at `relative` (a path inside the
    repository), that refer to something outside the repository."""
    found = []
    runs_from_root = relative.name in RUN_FROM_ROOT or relative.parts[0] == ".ci"
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in OUTSIDE:
            if pattern.search(line):
                found.append((number, what, line.strip()))
        if runs_from_root and DOTDOT.search(line):
            found.append((number, "a path above the repository's root", line.strip()))
        # A file at depth d (tests/records.py: 2) reaches the root with d parents; one more leaves the repository.
        climbs = [m[1].count(".parent") for m in PARENT_CHAIN.finditer(line)]
        climbs += [int(m[1]) + 1 for m in PARENTS_INDEX.finditer(line)]
        if any(climb > len(relative.parts) for climb in climbs):
            found.append((number, "a directory above the repository", line.strip()))
    return found


def test_no_tracked_file_refers_to_a_path_outside_the_repository():
    files = tracked_files()
    assert Path("tests/data/seed-agenda-item.txt") in files and Path("Makefile") in files
    problems = []
    for relative in files:
        try:
            text = (ROOT / relative).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary files (fonts, images) name no paths
        problems += [
            f"{relative}:{number}: {what}: {line}" for number, what, line in outside_references(relative, text)
        ]
    assert problems == []


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/records.py", "SHARED = Path(__file" + "__).resolve().parent.parent." + 'parent / "shared"'),
        ("tests/records.py", "ROOT = Path(__file" + "__).parents[2]"),
        ("tests/minutes/test_x.py", 'SEED = "../' + "shared/ref" + 'erence/seed-agenda-item.txt"'),
        ("tests/minutes/test_x.py", 'path = "/wo' + 'rk/data/x.txt"'),
        ("Makefile", "\tcp ../" + "fixtures/demo.json fixtures/"),
        (".ci/run", "cd ../" + "other-checkout"),
    ],
)
def test_the_check_catches_each_kind_of_outside_reference(relative, line):
    assert outside_references(Path(relative), line)


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/records.py", 'DATA = Path(__file__).resolve().parent / "data"'),
        ("minutes/settings.py", "BASE_DIR = Path(__file__).resolve().parent.parent"),
        ("tests/minutes/test_uploads.py", '("../../etc/passwd", "passwd"),'),
        ("tests/chromium.py", 'CHROMIUM = "/usr/bin/chromium"'),
        ("Makefile", "PG_URL ?= postgres://postgres@127.0.0.1:5432/minutes_test_main"),
    ],
)
def test_paths_inside_the_repository_or_the_system_pass(relative, line):
    assert outside_references(Path(relative), line) == []
