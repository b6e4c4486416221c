import datetime
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from minutes.models import AgendaItem, Meeting, MinutePoint
from panels.models import Panel

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PORTS = range(8180, 8190)


class Inbox:
    """What the SMTP server received, parsed as a mail client would."""

    def __init__(self):
        self.messages = []
        self.raw = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((envelope.rcpt_tos, message))
            self.raw.append(envelope.content)
        return "250 OK"


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("No free port in 8180-8189 for the test SMTP server")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; the site sends to it through Django's SMTP backend."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def publisher(django_user_model):
    # A superuser holds every workflow permission without the groups a data migration makes (which a transactional
    # test's flush removes).
    return django_user_model.objects.create_superuser("publisher", password="pw")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def make_meeting(status, *items, panel=None, date=datetime.date(2026, 5, 12)):
    """A meeting of `panel` (a Wealdshire-like invented panel by default) with items [(title, [point texts])]."""
    panel = (
        panel
        or Panel.objects.get_or_create(
            slug="fernshire-panel", defaults={"name": "Fernshire Panel", "host_authority": "Fernshire County Council"}
        )[0]
    )
    meeting = Meeting.objects.create(panel=panel, date=date, start_time=datetime.time(10), status=status)
    for position, (title, points) in enumerate(items, start=1):
        item = AgendaItem.objects.create(meeting=meeting, position=position, number=str(position), title=title)
        for n, text in enumerate(points, start=1):
            MinutePoint.objects.create(item=item, position=n, label=f"{n}.", text=text)
    return meeting


def run_worker():
    """The real worker command, against the database backend, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)


def text_and_html(message):
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )
