from datetime import date

from tradelane.customs import compliance
from tradelane.customs.compliance import CnLine, PositiveListLine
from tradelane.logistics.rules import s10_check_digit, waybill_number

TODAY = date(2026, 11, 21)
LIST = {
    "0402": PositiveListLine("0402", "allowed"),
    "04012000": PositiveListLine("04012000", "allowed"),
    "0306": PositiveListLine("0306", "bonded_only"),
    "03061100": PositiveListLine("03061100", "allowed"),
    "25010019": PositiveListLine("25010019", "excluded"),
}


def test_the_most_specific_positive_list_line_wins() -> None:
    assert compliance.positive_list_match("03061100", LIST) == LIST["03061100"]
    assert compliance.positive_list_match("03061790", LIST) == LIST["0306"]
    assert compliance.positive_list_match("04022100", LIST) == LIST["0402"]
    assert compliance.positive_list_match("22042100", LIST) is None


def test_line_refusals() -> None:
    def refusal(hs: str, bonded: bool) -> str | None:
        return compliance.cn_line_refusal(CnLine(hs, bonded), LIST, TODAY)

    assert refusal("04022100", bonded=False) is None  # milk powder may be mailed
    assert refusal("04012000", bonded=False) == "fresh_goods_direct_mail"  # liquid milk
    assert refusal("04012000", bonded=True) is None
    assert refusal("03061790", bonded=False) == "bonded_import_only"
    assert refusal("25010019", bonded=True) == "not_on_positive_list"
    assert refusal("22042100", bonded=True) == "not_on_positive_list"


def test_customs_mode_is_bonded_only_when_every_line_is() -> None:
    assert compliance.cn_customs_mode([CnLine("0402", True), CnLine("0402", True)]) == "1210"
    assert compliance.cn_customs_mode([CnLine("0402", True), CnLine("0402", False)]) == "9610"


def test_permits_follow_category_or_hs_chapter() -> None:
    assert compliance.needs_export_permit("dairy", "19011010", TODAY)
    assert compliance.needs_export_permit("food_beverage", "04071100", TODAY)  # eggs
    assert not compliance.needs_export_permit("food_beverage", "04090000", TODAY)  # honey
    assert not compliance.needs_export_permit("cosmetics", "33049900", TODAY)


def test_waybill_numbers_carry_the_upu_s10_check_digit() -> None:
    assert s10_check_digit("47312482") == "9"  # UPU S10 example RB473124829GB
    assert waybill_number(12, "AU") == f"LT00000012{s10_check_digit('00000012')}AU"
    assert len(waybill_number(123_456_789, "NZ")) == 13
