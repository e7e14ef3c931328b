"""People on the worked example (tests/conftest.py), for the tests of people, positions and delegation members.

- Nguyễn Văn An, our side: commander of Bình Phước (BP) from 01/01/2016 to 31/12/2021; signed P1 (2016).
- Trần Văn Bình, our side: commander of BP from 01/01/2022 (his post ends with BP, dissolved after 30/06/2025),
  then of Đồng Nai (DN) from 01/07/2025; a member of D2 (Lộc Ninh's outbound trip, 30/12/2022).
- Lê Văn Cường, our side: commander of Tây Ninh (TN) from 01/01/2020: BP's users never see him.
- Sok Samnang, partner side: commander of Kratie (KRT) from 01/01/2015 to 30/06/2022; signed P1, led D1 (2022).
- Chea Dara, partner side: commander of KRT from 01/07/2022.
"""

import datetime

from partnerships.models import Command, Person, Position

D = datetime.date


def person(name, side, *posts, name_original=""):
    """A person with positions: each post is ``(unit, title, rank, valid_from, valid_until)``."""
    created = Person.objects.create(name=name, side=side, name_original=name_original)
    for unit, title, rank, valid_from, valid_until in posts:
        where = {"command": unit} if isinstance(unit, Command) else {"partner_unit": unit}
        Position.objects.create(
            person=created, title=title, rank=rank, valid_from=valid_from, valid_until=valid_until, **where
        )
    return created


def add_people(w):
    """The people of this module's docstring on the worked example ``w`` (with ``tn`` from the users fixture)."""
    tn = Command.objects.get(code="TN")
    people = {
        "an": person("Nguyễn Văn An", "ours", (w["bp"], "Chỉ huy trưởng", "Đại tá", D(2016, 1, 1), D(2021, 12, 31))),
        "binh": person(
            "Trần Văn Bình",
            "ours",
            (w["bp"], "Chỉ huy trưởng", "Đại tá", D(2022, 1, 1), None),
            (w["dn"], "Chỉ huy trưởng", "Đại tá", D(2025, 7, 1), None),
        ),
        "cuong": person("Lê Văn Cường", "ours", (tn, "Chỉ huy trưởng", "Đại tá", D(2020, 1, 1), None)),
        "sok": person(
            "Sok Samnang",
            "partner",
            (w["krt"], "Chỉ huy trưởng", "Thiếu tướng", D(2015, 1, 1), D(2022, 6, 30)),
            name_original="សុខ សំណាង",
        ),
        "chea": person("Chea Dara", "partner", (w["krt"], "Chỉ huy trưởng", "Thiếu tướng", D(2022, 7, 1), None)),
    }
    w["p1"].our_signatory_person = people["an"]
    w["p1"].partner_signatory_person = people["sok"]
    w["p1"].save()
    w["d1"].leader_person = people["sok"]
    w["d1"].save()
    w["d2"].members.create(name="Trần Văn Bình", rank="Đại tá", title="Chỉ huy trưởng", person=people["binh"])
    return people
