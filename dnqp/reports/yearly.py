"""The yearly summary (SPEC "The yearly report"): totals per command first, then the roll-up in Python."""

from collections.abc import Iterator


def yearly_report(
    *, user, year: int, year_to: int | None = None, command=None, country: str | None = None, by: str = "recorded"
) -> dict:
    raise NotImplementedError


def yearly_report_rows(report: dict) -> Iterator[list]:
    raise NotImplementedError
