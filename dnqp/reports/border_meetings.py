"""The border-meetings report (SPEC "The border-meetings report")."""

from collections.abc import Iterator


def border_meetings_report(*, user, year: int, command=None) -> dict:
    raise NotImplementedError


def border_meetings_rows(report: dict) -> Iterator[list]:
    raise NotImplementedError
