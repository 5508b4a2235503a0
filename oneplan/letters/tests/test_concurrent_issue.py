"""Issuing at the same moment: N clerks issue N letters from one register together, each on
its own database connection and transaction; they get N distinct, consecutive numbers.

On PostgreSQL (CI) the issuers queue on the register's row lock (`select_for_update`); on
SQLite the writers meet "database is locked" and `numbering.issue` tries again. Either way
the unique constraint on (register, year, number) would refuse a number taken twice.

The test commits for real (`transaction=True`), so Django empties the database after it;
`session_data_restored` (the suite's conftest) loads the reference data and the demo again
for the tests after.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from oneplan.letters import numbering
from oneplan.letters.models import IssuedNumber, Letter, NumberRegister
from oneplan.letters.tests.helpers import make_letter, make_register
from oneplan.orgs import policy
from oneplan.orgs.models import User

ISSUERS = 8


pytestmark = pytest.mark.usefixtures("session_data_restored")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_consecutive_numbers():
    user = User.objects.get(username="rayong")
    policy.scopes_of(user)  # read once, before the threads share the user
    register = make_register(user)
    letters = [make_letter(user) for _ in range(ISSUERS)]
    start = threading.Barrier(ISSUERS)
    results: list[object] = [None] * ISSUERS

    def issue(index: int) -> None:
        try:
            start.wait(timeout=30)
            entry = numbering.issue(user, letters[index], register)
            results[index] = entry.number
        except BaseException as exc:  # reported below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(ISSUERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not [r for r in results if not isinstance(r, int)], results
    assert sorted(results) == list(range(1, ISSUERS + 1))
    register = NumberRegister.objects.get(pk=register.pk)
    assert register.last_number == ISSUERS
    taken = IssuedNumber.objects.filter(register=register).order_by("number")
    assert [n.number for n in taken] == list(range(1, ISSUERS + 1))
    assert sorted(taken.values_list("letter_id", flat=True)) == sorted(ltr.pk for ltr in letters)
    numbers = {ltr.pk: ltr.number for ltr in Letter.objects.filter(pk__in=[x.pk for x in letters])}
    assert sorted(numbers.values()) == sorted(n.text for n in taken)
