"""Everything the dashboard shows, in a small constant number of queries."""


def dashboard_data(*, user, year: int, command=None) -> dict:
    raise NotImplementedError
