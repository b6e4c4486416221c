"""Two real transactions at once: each side runs in its own thread with its own PostgreSQL connection (use with
`django_db(transaction=True)`, so what one side commits is what the other reads).

`race()` runs the first side until it has passed the check it must hold a lock for (its transaction still open),
then starts the second, and lets the first go on only once the second is either waiting for a lock in PostgreSQL or
past the same check. Without the lock both sides pass the check on the same state, which is the bug the locking
tests are there to catch; with it the second side reads what the first committed."""

import threading
import time

from django.db import connection, connections

TIMEOUT = 30  # seconds: a side that neither finishes nor waits in this time fails the test


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


class Race:
    def __init__(self):
        self.passed = {"first": threading.Event(), "second": threading.Event()}
        self.go = threading.Event()
        self.outcome = {}
        self.second_waited = None

    def checkpoint(self, original):
        """`original` wrapped: after it returns, the side running it says so, and the first side then waits."""

        def checked(*args, **kwargs):
            result = original(*args, **kwargs)
            side = threading.current_thread().name
            if side in self.passed and not self.passed[side].is_set():
                self.passed[side].set()
                if side == "first" and not self.go.wait(TIMEOUT):
                    raise TimeoutError("the second side neither waited nor passed")
            return result

        return checked

    def side(self, name, work):
        def run():
            try:
                self.outcome[name] = ("ok", work())
            except Exception as error:  # the test reads what each side met
                self.outcome[name] = ("error", error)
            finally:
                self.passed[name].set()
                connections.close_all()

        return threading.Thread(target=run, name=name, daemon=True)

    def run(self, first, second):
        one, two = self.side("first", first), self.side("second", second)
        one.start()
        assert self.passed["first"].wait(TIMEOUT), "the first side never reached its check"
        two.start()
        deadline = time.monotonic() + TIMEOUT
        while not self.passed["second"].is_set() and not waiting_for_a_lock():
            assert time.monotonic() < deadline, "the second side neither waited for a lock nor passed its check"
            time.sleep(0.01)
        self.second_waited = not self.passed["second"].is_set()
        self.go.set()
        one.join(TIMEOUT)
        two.join(TIMEOUT)
        assert not one.is_alive() and not two.is_alive(), "a side is stuck"
        return self.outcome["first"], self.outcome["second"]
