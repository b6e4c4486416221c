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
