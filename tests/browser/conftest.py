import os
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are still
# ordinary synchronous calls, so Django's async-safety guard would misfire.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

OUTPUT = Path(__file__).resolve().parents[2] / "test-results" / "browser"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
