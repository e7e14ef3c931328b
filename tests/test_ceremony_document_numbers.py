"""Numbers of a signing ceremony's documents: the prefix and the row number never run together."""

import datetime

from partnerships.services import CeremonyPair, agreements_sign_ceremony, numbered
from tests import factories as f


def test_prefix_and_row_number_are_separated():
    assert numbered("KT-2024", 1) == "KT-2024/1"
    assert numbered("KT-2024", 11) == "KT-2024/11"
    assert numbered("KT-20241", 1) == "KT-20241/1"  # was KT-20241, the same as row 11 above before the fix
    assert numbered("KT-2024/", 3) == "KT-2024/3"  # a prefix ending in a separator keeps its own
    assert numbered("", 3) == ""


def test_two_ceremonies_never_give_the_same_number(db):
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    districts = [f.command(f"H{i}", f"Ban CHQS huyện {i}", level="district", parent=qk7) for i in range(11)]
    sectors = [f.partner(f"KH-{i}", f"Chi khu quân sự {i}", level="district") for i in range(11)]
    pairs = [CeremonyPair(c, p) for c, p in zip(districts, sectors, strict=True)]
    day = datetime.date(2024, 5, 19)
    first = agreements_sign_ceremony(
        command_pairs=pairs, signed_on=day, kind="twinning", title="Kết nghĩa", reference_prefix="KT-2024"
    )
    second = agreements_sign_ceremony(
        command_pairs=pairs[:1], signed_on=day, kind="cooperation", title="Hợp tác", reference_prefix="KT-20241"
    )
    references = [a.reference for a in [*first, *second]]
    assert len(set(references)) == len(references)
    assert first[10].reference == "KT-2024/11" and second[0].reference == "KT-20241/1"
