import pytest

from tests import records


@pytest.fixture
def seed_item(db):
    return records.build_seed()


@pytest.fixture
def wealdshire(db):
    return records.build_wealdshire_meeting()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher():
    """Tests sign in many users; the production hasher's deliberate slowness would be most of the suite's time."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rendered pages and PDFs never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test keeps its files (documents, kept printed minutes) in its own folder, never in the checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def derived_data_on_commit(monkeypatch):
    """Most tests run inside one transaction that is rolled back, never committed, so the derived data
    minutes.record.signals rebuilds on commit would never appear. The test's own transaction is made invisible to it: the
    work runs when the code's outermost transaction ends, or at once outside one, as it does in production."""
    from django.db import connections, transaction

    from minutes.record import signals

    def only_test_blocks(connection):
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    note_change = signals.note_change

    def note_change_now_outside_transactions(using, **kwargs):
        note_change(using, **kwargs)
        if only_test_blocks(connections[using]):
            signals.pending(using).run()

    atomic_exit = transaction.Atomic.__exit__

    def exit_as_commit(self, exc_type, exc_value, traceback):
        result = atomic_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        code_transaction_ended = not getattr(self, "_from_testcase", False) and connection.atomic_blocks
        if exc_type is None and code_transaction_ended and only_test_blocks(connection):
            signals.pending(connection.alias).run()
        return result

    monkeypatch.setattr(signals, "note_change", note_change_now_outside_transactions)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_as_commit)
