"""A throwaway database for the benchmark scripts that write to one (bench_import, bench_saves, bench_editor).

`<name>_bench` beside DATABASE_URL's PostgreSQL database, made and dropped the way the test runner does, or a
temporary SQLite file; Django is set up on it inside the `with`, so the script imports models there."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def scratch_database():
    import dj_database_url

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")
    os.environ.setdefault("DEBUG", "1")
    url = os.environ.get("DATABASE_URL", "")
    scratch = None
    if url.startswith(("postgres", "postgis")):
        config = dj_database_url.parse(url)
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{config['NAME']}_bench"
    else:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}"

    import django

    django.setup()
    from django.db import connection

    creation = connection.creation
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = name
        creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    try:
        yield connection
    finally:
        if connection.vendor == "postgresql":
            creation.destroy_test_db(name, verbosity=0)
        else:
            connection.close()
            os.unlink(scratch.name)
