"""One-off charges (monthly fees, tax) are found to the cent."""

from __future__ import annotations

import pandas as pd

from finops_lib.one_off import ONE_OFF_FACTOR, one_off_by_day


def test_one_off_charges_are_found_to_the_cent() -> None:
    days = pd.date_range("2026-10-01", "2026-11-03", freq="D")
    rows = []
    for day in days:
        fee = 900.0 if day.day == 1 else 0.0  # a monthly fee on the 1st
        rows.append({"date": day, "account_id": "1", "service": "EC2", "amount": 100.0 + fee})
        rows.append({"date": day, "account_id": "1", "service": "S3",
                     "amount": 350.0 if day == pd.Timestamp("2026-10-31") else 100.0})
        rows.append({"date": day, "account_id": "1", "service": "Tax",
                     "amount": 42.5 if day == pd.Timestamp("2026-10-31") else 0.0})
    got = one_off_by_day(pd.DataFrame(rows))
    # the 1st: 1000 against a usual 100 → 900; the 31st: S3 at 3.5× (under the factor) stays
    # usage, tax is one-off whatever its size
    assert ONE_OFF_FACTOR > 3.5
    assert got == {"2026-10-01": 900.0, "2026-10-31": 42.5, "2026-11-01": 900.0}
