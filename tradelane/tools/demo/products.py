"""Product vocabulary: what Australian and New Zealand merchants really sell into China.

A `Kind` is a product line (manuka honey, infant formula, Shiraz). Its names are templates in
English and Simplified Chinese; an `Option` fills `{opt}` (a grade, a grape, a flavour) and may
narrow where the product can come from, its HS code, temperature class or sizes; a `Spec` is the
unit size in the name ("500g" / "500克"). Variants are packs of that unit (1, 2 x, 6 x ...).

Prices are in Australian cents for the unit at 100 %; a New Zealand merchant's price is
converted roughly into NZD by the generator.

Template fields: {origin} {origin_zh} (Australian / 澳洲), {place} {place_zh}, {opt} {opt_zh},
{opt2} {opt2_zh}, {spec} {spec_zh}, {vintage}, {organic} {organic_zh}, {state} {state_zh},
{country} {country_zh}.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    en: str
    zh: str
    grams: int  # shipping weight of one unit, packaging included
    dims: tuple[int, int, int]  # mm
    pct: int = 100  # price relative to the kind's base unit
    qty: int = 0  # ml or g of product, for the per-ml tests of high-end cosmetics


@dataclass(frozen=True)
class Option:
    en: str = ""
    zh: str = ""
    pct: int = 100
    weight: int = 1
    where: tuple[str, ...] = ()  # place names, state or region codes, or AU / NZ; empty: anywhere
    hs: str = ""
    temperature: str = ""
    specs: tuple[Spec, ...] = ()
    shelf: tuple[int, int] | None = None
    premium: bool = False  # a candidate for the high-end cosmetics tax class
    vintages: tuple[int, int] | None = None  # wine; None on a wine option: non-vintage


NO_OPTION = (Option(),)


@dataclass(frozen=True)
class Kind:
    code: str
    sku: str
    category: str
    name_en: str
    name_zh: str
    hs: str
    price: tuple[int, int]  # AUD cents for the base unit
    specs: tuple[Spec, ...]
    desc_en: str
    desc_zh: str
    options: tuple[Option, ...] = NO_OPTION
    options2: tuple[Option, ...] = NO_OPTION
    temperature: str = "ambient"
    shelf: tuple[int, int] | None = (365, 730)
    certs: tuple[str, ...] = ("HACCP",)
    packs: tuple[int, ...] = (1, 2, 3)
    where: tuple[str, ...] = ()
    organic: bool = False  # may be sold as an organic line
    popular_cn: bool = False  # a bonded-warehouse favourite
    extra_en: tuple[str, ...] = field(default=())
    extra_zh: tuple[str, ...] = field(default=())


def unit_spec(
    en: str, zh: str, grams: int, dims: tuple[int, int, int], pct: int = 100, qty: int = 0
) -> Spec:
    return Spec(en, zh, grams, dims, pct, qty)


JAR_250 = unit_spec("250g", "250克", 380, (70, 70, 95), 55, 250)
JAR_500 = unit_spec("500g", "500克", 700, (80, 80, 115), 100, 500)
JAR_1KG = unit_spec("1kg", "1千克", 1300, (100, 100, 140), 185, 1000)
HONEY_SPECS = (JAR_250, JAR_500, JAR_500, JAR_1KG)
BOTTLE_750 = unit_spec("750ml", "750毫升", 1350, (80, 80, 310), 100, 750)
CAPS = "capsules", "粒"
TABS = "tablets", "片"


def count_specs(
    unit: tuple[str, str], counts: tuple[tuple[int, int], ...], size: int = 60
) -> tuple[Spec, ...]:
    """Bottles of tablets or capsules: (count, price %) pairs."""
    return tuple(
        unit_spec(
            f"{n} {unit[0]}", f"{n}{unit[1]}", 80 + n * 1 + size, (65, 65, 90 + n // 10), pct, n
        )
        for n, pct in counts
    )


def ml(n: int, pct: int, grams: int = 0) -> Spec:
    return unit_spec(
        f"{n}ml", f"{n}毫升", grams or int(n * 1.3) + 60, (45, 45, 80 + n // 3), pct, n
    )


def g(n: int, pct: int, grams: int = 0, dims: tuple[int, int, int] = (0, 0, 0)) -> Spec:
    label_zh = f"{n // 1000}千克" if n >= 1000 and n % 1000 == 0 else f"{n}克"
    label_en = f"{n // 1000}kg" if n >= 1000 and n % 1000 == 0 else f"{n}g"
    size = dims if dims != (0, 0, 0) else (60 + n // 40, 60 + n // 60, 90 + n // 30)
    return unit_spec(label_en, label_zh, grams or int(n * 1.15) + 40, size, pct, n)


AU_WINE = ("Australian Certified Organic", "Sustainable Winegrowing Australia", "Vegan")
NZ_WINE = ("BioGro", "Sustainable Winegrowing New Zealand", "Vegan")
RED = (2015, 2022)
WHITE = (2020, 2023)

KINDS: tuple[Kind, ...] = (
    # ---------------------------------------------------------------- food and beverage
    Kind(
        "honey_manuka_nz", "MNK", "food_beverage",
        "{organic}Manuka Honey UMF {opt} {spec}", "{origin_zh}{organic_zh}麦卢卡蜂蜜 UMF {opt_zh} {spec_zh}",
        "04090000", (4200, 6900), HONEY_SPECS,
        "Monofloral manuka honey from hives set among flowering manuka in {place}. Every batch is "
        "independently tested and certified: UMF {opt} guarantees the levels of leptosperin, DHA "
        "and MGO.",
        "采自{place_zh}麦卢卡花期蜂场的单花麦卢卡蜂蜜。每批次均经独立检测认证，UMF {opt_zh}"
        "保证豆腐柴苷、DHA和MGO的含量。",
        options=(Option("5+", "5+", 55, 3), Option("10+", "10+", 100, 4), Option("15+", "15+", 210, 3),
                 Option("20+", "20+", 430, 1), Option("24+", "24+", 820, 1)),
        certs=("UMF Honey Association", "HACCP", "Halal", "FernMark"), where=("NZ",),
        shelf=(1095, 1825), organic=True, popular_cn=True,
    ),
    Kind(
        "honey_manuka_au", "MGO", "food_beverage",
        "{organic}Australian Manuka Honey MGO {opt} {spec}", "{organic_zh}澳洲麦卢卡蜂蜜 MGO {opt_zh} {spec_zh}",
        "04090000", (3200, 5200), HONEY_SPECS,
        "Australian manuka (Leptospermum) honey from {place}, {state}. MGO {opt} is the minimum "
        "methylglyoxal content in milligrams per kilogram, independently tested for every batch.",
        "产自{state_zh}{place_zh}的澳洲麦卢卡（细籽属）蜂蜜。MGO {opt_zh}表示每千克至少含该数值毫克的"
        "甲基乙二醛，每批次均经独立检测。",
        options=(Option("100+", "100+", 60, 2), Option("263+", "263+", 100, 3),
                 Option("514+", "514+", 190, 2), Option("829+", "829+", 380, 1)),
        certs=("MGO tested", "HACCP", "Halal"), where=("NSW", "QLD", "TAS", "VIC", "WA"),
        shelf=(1095, 1825), organic=True, popular_cn=True,
    ),
    Kind(
        "honey_mono", "HNY", "food_beverage",
        "{place} {opt} Honey {spec}", "{place_zh}{opt_zh}蜂蜜 {spec_zh}",
        "04090000", (1200, 2400), HONEY_SPECS,
        "Raw, cold-extracted {opt} honey from {place}, {state}. Never heated or blended, so it "
        "keeps the floral character of the season.",
        "来自{state_zh}{place_zh}的{opt_zh}原蜜，低温萃取，不加热、不勾兑，保留当季花香。",
        options=(Option("Leatherwood", "革木", 130, 3, ("TAS",)), Option("Jarrah", "加拉", 160, 3, ("WA",)),
                 Option("Yellow Box", "黄箱桉", 110, 2, ("NSW", "VIC", "QLD")),
                 Option("Stringybark", "纤维皮桉", 100, 1, ("AU",)),
                 Option("Macadamia Blossom", "夏威夷果花", 110, 2, ("NSW", "QLD")),
                 Option("Orange Blossom", "橙花", 100, 1, ("AU",)),
                 Option("Red Gum", "赤桉", 100, 1, ("AU",)), Option("Clover", "三叶草", 80, 2),
                 Option("Rewarewa", "蕊娃娃", 120, 2, ("NZ",)), Option("Kamahi", "卡马希", 110, 2, ("NZ",)),
                 Option("Pohutukawa", "新西兰圣诞树", 130, 1, ("NZ",)),
                 Option("Wild Thyme", "野生百里香", 150, 1, ("Otago",)),
                 Option("Kanuka", "卡奴卡", 120, 2, ("NZ",))),
        certs=("HACCP", "Halal"), shelf=(730, 1460),
    ),
    Kind(
        "macadamia", "MAC", "food_beverage",
        "{organic}Macadamias {opt} {spec}", "{origin_zh}{organic_zh}夏威夷果 {opt_zh} {spec_zh}",
        "08026200", (1600, 2600), (g(250, 55), g(500, 100), g(1000, 185)),
        "Grown and processed in {place}, where the macadamia comes from. Buttery and crunchy, packed "
        "in a resealable bag to keep them fresh.",
        "产自夏威夷果的原产地{place_zh}，口感香脆细腻，采用可重复密封袋包装，保持新鲜。",
        options=(Option("Roasted & Salted", "海盐烘烤", 100, 3), Option("Dry Roasted", "原味烘烤", 100, 2),
                 Option("Honey Roasted", "蜂蜜烘烤", 105, 2), Option("Raw", "生果仁", 95, 1),
                 Option("In Shell with Cracker", "带壳附开壳器", 80, 2)),
        where=("NSW", "QLD"), organic=True, popular_cn=True,
    ),
    Kind(
        "muesli", "MUE", "food_beverage",
        "{organic}{opt} Muesli {spec}", "{origin_zh}{organic_zh}{opt_zh}燕麦片 {spec_zh}",
        "19042000", (800, 1400), (g(500, 75), g(750, 100), g(1000, 125)),
        "A breakfast classic: wholegrain oats baked in small batches in {place} with nuts, seeds "
        "and dried fruit. No artificial colours or preservatives.",
        "经典早餐：全谷物燕麦搭配坚果、种子和果干，在{place_zh}小批量烘焙，不含人工色素和防腐剂。",
        options=(Option("Toasted", "烘烤", 100, 2), Option("Bircher", "瑞士风味", 100, 1),
                 Option("Fruit & Nut", "水果坚果", 105, 2), Option("Macadamia & Honey", "夏威夷果蜂蜜", 115, 2),
                 Option("Ancient Grain", "古谷物", 115, 1)),
        organic=True, shelf=(270, 365),
    ),
    Kind(
        "oats", "OAT", "food_beverage",
        "{organic}Rolled Oats {spec}", "{origin_zh}{organic_zh}传统燕麦片 {spec_zh}",
        "11041200", (450, 800), (g(750, 80), g(1000, 100), g(2000, 180)),
        "Wholegrain rolled oats grown and milled in {country}. High in fibre: porridge in three "
        "minutes, or use them in baking.",
        "{country_zh}种植和加工的全谷物燕麦片，富含膳食纤维，三分钟即可煮成燕麦粥，也适合烘焙。",
        organic=True, shelf=(365, 540),
    ),
    Kind(
        "olive_oil", "EVO", "food_beverage",
        "{place} Extra Virgin Olive Oil {opt} {spec}", "{place_zh}特级初榨橄榄油 {opt_zh} {spec_zh}",
        "15092000", (1500, 2600), (ml(250, 55, 520), ml(500, 100, 950), ml(750, 140, 1350)),
        "Cold-pressed within hours of harvest from olives grown in {place}. Low free acidity; ideal "
        "for dressings and for finishing a dish.",
        "橄榄采收后数小时内冷榨，原料来自{place_zh}。游离酸度低，适合凉拌和菜肴点缀。",
        options=(Option("Robust", "浓郁型", 100, 2), Option("Mild & Fruity", "清淡果香型", 100, 2),
                 Option("Early Harvest", "早收", 130, 1)),
        where=("SA", "VIC", "WA", "NSW", "Hawke's Bay", "Wellington", "Northland", "Auckland"),
        organic=True, shelf=(540, 730),
    ),
    Kind(
        "chocolate", "CHO", "food_beverage",
        "{opt} Chocolate {spec}", "{origin_zh}{opt_zh}巧克力 {spec_zh}",
        "18063200", (550, 950), (g(100, 60), g(180, 100), g(250, 130)),
        "Small-batch chocolate made in {place} from sustainably sourced cocoa beans.",
        "在{place_zh}小批量制作，可可豆来自可持续来源。",
        options=(Option("Dark 70%", "70%黑", 100, 2), Option("Milk with Macadamia", "夏威夷果牛奶", 110, 2),
                 Option("Salted Caramel Milk", "海盐焦糖牛奶", 105, 2), Option("Dark Mint", "薄荷黑", 100, 1),
                 Option("Creamy Milk", "牛奶", 95, 2), Option("Wattleseed Dark", "金合欢籽黑", 115, 1, ("AU",))),
        shelf=(300, 365),
    ),
    Kind(
        "biscuits", "BIS", "food_beverage",
        "{opt} Biscuits {spec}", "{origin_zh}{opt_zh}饼干 {spec_zh}",
        "19053100", (450, 850), (g(200, 85), g(250, 100), g(400, 150)),
        "Baked in {place} to a family recipe with local butter and wheat.",
        "在{place_zh}按家传配方烘焙，选用本地黄油和小麦。",
        options=(Option("Anzac", "澳新军团燕麦", 100, 3), Option("Butter Shortbread", "黄油酥", 105, 2),
                 Option("Macadamia Shortbread", "夏威夷果黄油酥", 120, 2),
                 Option("Chocolate Coated", "巧克力涂层", 110, 2), Option("Ginger Nut", "姜味", 95, 1)),
        shelf=(240, 365), packs=(1, 3, 6),
    ),
    Kind(
        "coffee", "COF", "food_beverage",
        "{opt} Coffee Beans {spec}", "{origin_zh}{opt_zh}咖啡豆 {spec_zh}",
        "09012100", (1500, 2400), (g(250, 55), g(500, 100), g(1000, 180)),
        "Roasted in {place} and packed within 48 hours, with a one-way valve to keep the beans "
        "fresh.",
        "在{place_zh}烘焙，48小时内完成包装，带单向排气阀，保持咖啡豆新鲜。",
        options=(Option("Espresso Blend", "意式拼配", 100, 3), Option("Flat White Blend", "馥芮白拼配", 100, 2),
                 Option("Single Origin", "单一产地", 120, 1), Option("Dark Roast", "深度烘焙", 100, 1)),
        shelf=(180, 365),
    ),
    Kind(
        "tea", "TEA", "food_beverage",
        "{opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "09023090", (700, 1300), (unit_spec("50 tea bags", "50袋", 160, (130, 80, 80), 100, 100),
                                   unit_spec("100 tea bags", "100袋", 290, (160, 80, 120), 170, 200)),
        "Blended and packed in {place}.", "在{place_zh}拼配包装。",
        options=(Option("English Breakfast Tea", "英式早餐红茶", 100, 3),
                 Option("Earl Grey Tea", "伯爵红茶", 100, 2),
                 Option("Green Tea with Lemon Myrtle", "柠檬香桃木绿茶", 120, 2, ("AU",), hs="09021090"),
                 Option("Green Tea with Manuka Honey", "麦卢卡蜂蜜绿茶", 120, 2, ("NZ",), hs="09021090")),
        shelf=(540, 730),
    ),
    Kind(
        "jam", "JAM", "food_beverage",
        "{opt} Jam {spec}", "{origin_zh}{opt_zh}果酱 {spec_zh}",
        "20079990", (650, 1100), (g(285, 100, 480, (75, 75, 95)), g(375, 120, 600, (80, 80, 105))),
        "Made in small batches in {place} from fruit picked at its peak, with no added pectin.",
        "选用当季成熟水果，在{place_zh}小批量熬制，不额外添加果胶。",
        options=(Option("Raspberry", "树莓", 100, 2), Option("Strawberry", "草莓", 100, 2),
                 Option("Apricot", "杏", 100, 1), Option("Fig & Quince", "无花果榅桲", 110, 1),
                 Option("Blackcurrant", "黑加仑", 105, 1), Option("Feijoa", "菲油果", 115, 1, ("NZ",)),
                 Option("Davidson Plum", "戴维森李", 120, 1, ("NSW", "QLD"))),
        shelf=(540, 730),
    ),
    Kind(
        "yeast_spread", "YSP", "food_beverage",
        "Yeast Extract Spread {spec}", "{origin_zh}酵母酱 {spec_zh}",
        "21069090", (450, 800), (g(220, 70), g(380, 100), g(560, 140)),
        "The savoury spread {origin} families grow up on, rich in B vitamins. Spread thinly on "
        "buttered toast.",
        "{origin_zh}家喻户晓的咸味涂抹酱，富含B族维生素。薄薄地抹在黄油吐司上食用。",
        shelf=(540, 730),
    ),
    Kind(
        "salt", "SLT", "food_beverage",
        "{place} Sea Salt Flakes {opt} {spec}", "{place_zh}海盐片 {opt_zh} {spec_zh}",
        "25010019", (550, 950), (g(125, 60), g(250, 100), g(500, 170)),
        "Hand-harvested sea salt flakes from the clean waters off {place}.",
        "取自{place_zh}纯净海域的手工采收海盐片。",
        options=(Option("Natural", "原味", 100, 3), Option("Smoked", "烟熏", 115, 1),
                 Option("Pink", "粉红", 110, 1)),
        shelf=(1095, 1825),
    ),
    Kind(
        "vinegar", "ACV", "food_beverage",
        "{organic}Apple Cider Vinegar with the Mother {spec}", "{origin_zh}{organic_zh}含醋母苹果醋 {spec_zh}",
        "22090000", (700, 1200), (ml(500, 100, 800), ml(750, 135, 1150)),
        "Raw, unfiltered apple cider vinegar from {origin} apples, with the mother.",
        "采用{origin_zh}苹果酿造的未过滤生苹果醋，含天然醋母。",
        organic=True, shelf=(730, 1095),
    ),
    Kind(
        "dried_fruit", "DRF", "food_beverage",
        "{place} {opt} {spec}", "{place_zh}{opt_zh} {spec_zh}",
        "08134090", (900, 1600), (g(200, 70), g(300, 100), g(500, 150)),
        "Sun-ripened fruit from {place}, gently dried with nothing added.",
        "来自{place_zh}的阳光熟成水果，低温烘干，无任何添加。",
        options=(Option("Dried Mango", "芒果干", 100, 2, ("QLD", "NT")),
                 Option("Dried Apricots", "杏干", 110, 2, ("SA", "VIC", "Otago")),
                 Option("Dried Figs", "无花果干", 110, 1, ("SA", "VIC", "NSW")),
                 Option("Dried Kiwifruit", "奇异果干", 105, 2, ("NZ",))),
        shelf=(270, 365),
    ),
    # ---------------------------------------------------------------- dairy
    Kind(
        "milk_powder", "MPW", "dairy",
        "{organic}{opt} Milk Powder {spec}", "{origin_zh}{organic_zh}{opt_zh}奶粉 {spec_zh}",
        "04022100", (1300, 2100), (g(400, 50, 470), g(1000, 100, 1130, (140, 140, 230))),
        "{opt} milk powder made from the milk of pasture-fed herds in {place}, spray-dried the same "
        "day and sealed under nitrogen.",
        "采用{place_zh}天然牧场鲜奶制成的{opt_zh}奶粉，当天喷雾干燥并充氮密封。",
        options=(Option("Full Cream", "全脂", 100, 4), Option("Skim", "脱脂", 95, 2, hs="04021000"),
                 Option("Goat", "山羊", 220, 2), Option("A2 Protein Full Cream", "A2蛋白全脂", 150, 2),
                 Option("High Calcium Adult", "高钙成人", 115, 1, hs="04022900")),
        certs=("HACCP", "Halal", "Export registered establishment"), shelf=(540, 720),
        packs=(1, 2, 6), organic=True, popular_cn=True,
    ),
    Kind(
        "uht_milk", "UHT", "dairy",
        "{opt} UHT Milk {spec}", "{origin_zh}{opt_zh}常温纯牛奶 {spec_zh}",
        "04012000", (220, 360), (unit_spec("1L", "1升", 1080, (65, 65, 200), 100, 1000),),
        "Long-life milk from grass-fed cows in {place}; no need to refrigerate until opened.",
        "来自{place_zh}草饲奶牛的常温灭菌奶，开封前无需冷藏。",
        options=(Option("Full Cream", "全脂", 100, 3), Option("Lite", "低脂", 95, 1, hs="04011000")),
        shelf=(240, 300), packs=(6, 12),
    ),
    Kind(
        "fresh_milk", "FMK", "dairy",
        "Fresh {opt} Milk {spec}", "{origin_zh}{opt_zh}鲜牛奶 {spec_zh}",
        "04012000", (300, 520), (unit_spec("1L", "1升", 1080, (75, 75, 210), 100, 1000),
                                 unit_spec("2L", "2升", 2120, (105, 105, 250), 180, 2000)),
        "Fresh milk from {place}, bottled within 24 hours of milking and flown chilled.",
        "来自{place_zh}的鲜牛奶，挤奶后24小时内灌装，全程冷链空运。",
        options=(Option("Full Cream", "全脂", 100, 3), Option("Jersey", "娟姗", 140, 1),
                 Option("Unhomogenised", "非均质", 120, 1)),
        temperature="chilled", shelf=(10, 16), packs=(1, 2),
    ),
    Kind(
        "cheese", "CHZ", "dairy",
        "{place} {opt} {spec}", "{place_zh}{opt_zh} {spec_zh}",
        "04069000", (900, 1500), (g(150, 75, 200, (110, 80, 50)), g(200, 100, 260, (120, 90, 55)),
                                  g(500, 220, 600, (160, 110, 70))),
        "{opt} made by hand in {place} from local milk and matured on site.",
        "{place_zh}本地鲜奶手工制作并就地熟成的{opt_zh}。",
        options=(Option("Vintage Cheddar", "陈年切达奶酪", 100, 3), Option("Brie", "布里奶酪", 105, 2),
                 Option("Camembert", "卡门贝尔奶酪", 105, 2), Option("Blue", "蓝纹奶酪", 120, 1, hs="04064000"),
                 Option("Aged Gouda", "陈年高达奶酪", 110, 2), Option("Washed Rind", "洗浸奶酪", 125, 1),
                 Option("Feta", "菲达奶酪", 85, 1), Option("Smoked Cheddar", "烟熏切达奶酪", 105, 1)),
        temperature="chilled", shelf=(60, 240), certs=("HACCP", "Export registered establishment"),
        where=("AU", "NZ"),
    ),
    Kind(
        "butter", "BTR", "dairy",
        "{opt} Butter {spec}", "{origin_zh}{opt_zh}黄油 {spec_zh}",
        "04051000", (450, 850), (g(250, 100, 280, (100, 65, 40)), g(500, 185, 550, (130, 75, 55))),
        "Churned in {place} from the cream of grass-fed cows.",
        "以{place_zh}草饲奶牛的鲜奶油搅制而成。",
        options=(Option("Salted", "有盐", 100, 2), Option("Unsalted", "无盐", 100, 2),
                 Option("Cultured", "发酵", 130, 1), Option("Grass-fed", "草饲", 115, 1)),
        temperature="chilled", shelf=(90, 180),
    ),
    Kind(
        "yoghurt", "YOG", "dairy",
        "{opt} Yoghurt {spec}", "{origin_zh}{opt_zh}酸奶 {spec_zh}",
        "04032000", (450, 800), (g(500, 100, 560, (100, 100, 90)), g(1000, 170, 1080, (130, 130, 110))),
        "Thick, set yoghurt made in {place} with live cultures.",
        "在{place_zh}制作的浓稠凝固型酸奶，含活性益生菌。",
        options=(Option("Greek Style", "希腊式", 100, 3), Option("Natural", "原味", 95, 2),
                 Option("Vanilla Bean", "香草", 100, 1), Option("Passionfruit", "百香果", 100, 1)),
        temperature="chilled", shelf=(21, 35), packs=(1, 2),
    ),
    # ---------------------------------------------------------------- meat and seafood
    Kind(
        "lamb", "LMB", "meat_seafood",
        "{place} Lamb {opt} (frozen) {spec}", "{place_zh}冷冻羔羊{opt_zh} {spec_zh}",
        "02044200", (2800, 4200), (g(500, 55, 560, (220, 150, 60)), g(1000, 100, 1100, (280, 180, 70)),
                                   g(2000, 190, 2150, (320, 220, 100))),
        "Pasture-raised lamb from {place}, processed in an export-registered plant and "
        "snap-frozen.",
        "来自{place_zh}的天然牧场散养羔羊，经出口注册工厂加工后速冻。",
        options=(Option("Rack, French-trimmed", "法式羊排", 160, 3), Option("Leg", "羊腿", 90, 2),
                 Option("Shoulder", "羊肩", 80, 1), Option("Cutlets", "羊排", 150, 2),
                 Option("Shanks", "羊腱", 85, 1)),
        temperature="frozen", shelf=(365, 540), certs=("Halal", "HACCP", "Export registered establishment"),
        packs=(1, 2),
    ),
    Kind(
        "beef", "BEF", "meat_seafood",
        "{opt} (frozen) {spec}", "{origin_zh}冷冻{opt_zh} {spec_zh}",
        "02023000", (4000, 6500), (g(500, 55, 560, (220, 150, 50)), g(1000, 100, 1100, (280, 180, 60))),
        "Beef from cattle raised in {place}, aged and portioned before snap freezing.",
        "来自{place_zh}的优质牛肉，经排酸熟成和分割后速冻。",
        options=(Option("Wagyu Striploin MB 6-7", "和牛西冷 M6-7", 230, 2, ("AU",)),
                 Option("Wagyu Ribeye MB 8-9", "和牛肉眼 M8-9", 360, 1, ("AU",)),
                 Option("Grass-fed Ribeye", "草饲牛肉眼", 100, 3),
                 Option("Grain-fed Tenderloin", "谷饲牛里脊", 120, 2),
                 Option("Beef Short Ribs", "牛小排", 70, 2, hs="02022000")),
        temperature="frozen", shelf=(365, 540), certs=("Halal", "HACCP", "Export registered establishment"),
        packs=(1, 2),
    ),
    Kind(
        "venison", "VEN", "meat_seafood",
        "{origin} Venison {opt} (frozen) {spec}", "新西兰冷冻鹿肉{opt_zh} {spec_zh}",
        "02089000", (4000, 5600), (g(500, 55, 560, (220, 150, 50)), g(1000, 100, 1100, (280, 180, 60))),
        "Farm-raised New Zealand red deer from {place}: lean, tender and high in iron.",
        "来自{place_zh}的新西兰养殖马鹿肉，低脂鲜嫩，富含铁。",
        options=(Option("Striploin", "西冷", 100, 2), Option("Denver Leg", "腿肉", 80, 1),
                 Option("Medallions", "鹿排", 110, 1)),
        temperature="frozen", shelf=(365, 540), where=("NZ",), packs=(1, 2),
    ),
    Kind(
        "rock_lobster", "LOB", "meat_seafood",
        "{place} {opt} (frozen) {spec}", "{place_zh}冷冻{opt_zh} {spec_zh}",
        "03061100", (7500, 11000), (unit_spec("600-800g", "600-800克", 900, (300, 150, 100), 85, 700),
                                    unit_spec("800g-1kg", "800克-1千克", 1150, (330, 160, 110), 100, 900),
                                    unit_spec("1-1.2kg", "1-1.2千克", 1350, (360, 170, 120), 125, 1100)),
        "Caught off {place} in a quota-managed fishery and frozen on the day of landing.",
        "在{place_zh}海域配额管理渔场捕捞，上岸当天即速冻。",
        options=(Option("Rock Lobster, Whole Cooked", "整只熟岩龙虾", 100, 3),
                 Option("Rock Lobster, Whole Raw", "整只生岩龙虾", 95, 2),
                 Option("Rock Lobster Tails", "岩龙虾尾", 90, 1)),
        temperature="frozen", shelf=(365, 540), certs=("HACCP", "MSC certified sustainable seafood"),
        where=("WA", "SA", "TAS", "VIC", "Kaikōura", "Fiordland", "Stewart Island", "Gisborne", "Northland"),
        packs=(1, 2), popular_cn=True,
    ),
    Kind(
        "abalone", "ABL", "meat_seafood",
        "{place} {opt} {spec}", "{place_zh}{opt_zh} {spec_zh}",
        "03078300", (6500, 9500), (g(500, 100, 620, (200, 150, 60)), g(1000, 190, 1200, (260, 180, 70))),
        "Wild abalone from the cold waters around {place}, processed under HACCP.",
        "来自{place_zh}冷水海域的野生鲍鱼，按HACCP标准加工。",
        options=(Option("Wild Greenlip Abalone (frozen)", "冷冻野生青边鲍鱼", 110, 2, ("SA", "WA", "VIC", "TAS")),
                 Option("Wild Blacklip Abalone (frozen)", "冷冻野生黑边鲍鱼", 100, 2, ("TAS", "VIC", "NSW")),
                 Option("Abalone in Brine (canned)", "罐装盐水鲍鱼", 60, 2, ("AU",), hs="16055700",
                        temperature="ambient", shelf=(1095, 1460),
                        specs=(unit_spec("425g (6-8 pieces)", "425克（6-8只）", 560, (85, 85, 110), 100, 425),)),
                 Option("Paua (frozen)", "冷冻新西兰黑金鲍", 120, 2, ("NZ",))),
        temperature="frozen", shelf=(365, 730), certs=("HACCP", "Export registered establishment"),
        where=("AU", "NZ"), packs=(1, 2, 3), popular_cn=True,
    ),
    Kind(
        "mussels", "MSL", "meat_seafood",
        "{place} Green-lipped Mussels, {opt} (frozen) {spec}", "{place_zh}冷冻{opt_zh}青口贝 {spec_zh}",
        "03073200", (1100, 1700), (g(1000, 100, 1100, (280, 200, 70)),),
        "Green-lipped mussels grown on ropes in the clean waters of {place}, cooked and frozen "
        "within hours of harvest.",
        "在{place_zh}清澈海域吊绳养殖的青口贝，采收后数小时内煮熟速冻。",
        options=(Option("Half Shell", "半壳", 100, 3), Option("Whole Cooked", "整只熟", 90, 1)),
        temperature="frozen", shelf=(365, 540), where=("NZ",), packs=(1, 2, 5),
    ),
    Kind(
        "salmon", "SAL", "meat_seafood",
        "{place} {opt} Fillets (frozen) {spec}", "{place_zh}冷冻{opt_zh}鱼柳 {spec_zh}",
        "03048100", (3000, 4400), (g(500, 55, 580, (250, 150, 40)), g(1000, 100, 1120, (300, 180, 50))),
        "{opt} from {place}, filleted, pin-boned and frozen within hours of harvest.",
        "来自{place_zh}的{opt_zh}，捕捞后数小时内完成切片、去刺和速冻。",
        options=(Option("King Salmon", "帝王鲑", 120, 3, ("NZ",)), Option("Atlantic Salmon", "大西洋鲑", 100, 3, ("TAS",)),
                 Option("Ocean Trout", "海鳟", 105, 1, ("TAS",))),
        temperature="frozen", shelf=(365, 540), packs=(1, 2),
    ),
    Kind(
        "prawns", "PRW", "meat_seafood",
        "{place} {opt} Prawns (frozen) {spec}", "{place_zh}冷冻{opt_zh}虾 {spec_zh}",
        "03061790", (2800, 4500), (g(1000, 100, 1150, (280, 200, 60)), g(2000, 190, 2250, (320, 230, 80))),
        "Wild-caught prawns from {place}, graded and frozen on board.",
        "{place_zh}野生捕捞的海虾，船上分级并速冻。",
        options=(Option("Tiger", "老虎", 100, 2), Option("Banana", "香蕉", 85, 2), Option("King", "大", 110, 2),
                 Option("Spencer Gulf King", "斯宾塞湾大", 140, 1, ("SA",))),
        temperature="frozen", shelf=(365, 540), where=("QLD", "NT", "SA", "NSW", "WA"), packs=(1, 2),
    ),
    Kind(
        "shellfish", "SHF", "meat_seafood",
        "{place} {opt} (frozen) {spec}", "{place_zh}冷冻{opt_zh} {spec_zh}",
        "03072200", (2500, 4000), (g(500, 60, 600, (220, 160, 50)), g(1000, 100, 1150, (280, 200, 60))),
        "From {place}; cleaned, shucked where needed and frozen within hours of harvest.",
        "产自{place_zh}，采收后数小时内完成清洗、开壳处理并速冻。",
        options=(Option("Scallops, Roe On", "带籽扇贝", 100, 2, ("TAS", "Marlborough", "Nelson", "Tasman")),
                 Option("Pacific Oysters, Half Shell", "半壳太平洋生蚝", 90, 2, hs="03071200"),
                 Option("Bluff Oysters", "布拉夫生蚝", 180, 1, ("Bluff", "Stewart Island", "Southland"),
                        hs="03071200")),
        temperature="frozen", shelf=(270, 365), packs=(1, 2),
    ),
    Kind(
        "fish", "FSH", "meat_seafood",
        "Wild {opt} Fillets (frozen) {spec}", "{origin_zh}冷冻野生{opt_zh}鱼柳 {spec_zh}",
        "03048900", (2200, 3600), (g(500, 55, 580, (250, 150, 40)), g(1000, 100, 1120, (300, 180, 50))),
        "Wild-caught {opt} from {place}, filleted and snap-frozen.",
        "{place_zh}野生捕捞的{opt_zh}，切片后速冻。",
        options=(Option("Barramundi", "尖吻鲈", 110, 3, ("QLD", "NT", "WA")), Option("Snapper", "鲷鱼", 100, 2),
                 Option("Hoki", "霍氏", 70, 2, ("NZ",)), Option("Blue Cod", "蓝鳕", 120, 1, ("Southland", "Otago")),
                 Option("Flathead", "鲬鱼", 95, 1, ("AU",))),
        temperature="frozen", shelf=(365, 540), packs=(1, 2),
    ),
    # ---------------------------------------------------------------- fresh produce
    Kind(
        "cherries", "CHR", "fresh_produce",
        "{place} Cherries {opt} {spec}", "{place_zh}车厘子 {opt_zh} {spec_zh}",
        "08092900", (4200, 6500), (unit_spec("1kg box", "1千克盒装", 1250, (250, 180, 90), 55, 1000),
                                   unit_spec("2kg gift box", "2千克礼盒", 2400, (320, 230, 110), 100, 2000),
                                   unit_spec("5kg carton", "5千克整箱", 5600, (400, 300, 140), 230, 5000)),
        "Hand-picked cherries from {place}, sized {opt} and in the cold chain within hours of "
        "picking.",
        "{place_zh}人工采摘的车厘子，按果径分级（{opt_zh}），采摘后数小时内进入冷链。",
        options=(Option("JJ 28-30mm", "JJ级 28-30毫米", 100, 3), Option("JJJ 30-32mm", "JJJ级 30-32毫米", 140, 2),
                 Option("JJJJ 32mm+", "JJJJ级 32毫米以上", 190, 1)),
        temperature="chilled", shelf=(21, 28), certs=("Freshcare", "GLOBALG.A.P."),
        where=("TAS", "VIC", "NSW", "SA", "Otago", "Canterbury"), packs=(1, 2), popular_cn=True,
    ),
    Kind(
        "kiwifruit", "KIW", "fresh_produce",
        "{place} {opt} Kiwifruit {spec}", "{place_zh}{opt_zh}奇异果 {spec_zh}",
        "08105000", (2600, 4200), (unit_spec("1kg", "1千克", 1150, (250, 180, 80), 35, 1000),
                                   unit_spec("3.3kg tray", "3.3千克整箱", 3600, (400, 300, 90), 100, 3300)),
        "{opt} kiwifruit grown in {place}, picked at the right dry matter for sweetness.",
        "产自{place_zh}的{opt_zh}奇异果，按干物质含量把握采摘时机，香甜多汁。",
        options=(Option("Gold", "金", 120, 3), Option("Green", "绿", 100, 2), Option("Red", "红心", 150, 1)),
        temperature="chilled", shelf=(60, 120), certs=("GLOBALG.A.P.",),
        where=("Bay of Plenty", "Northland", "Waikato", "Gisborne", "Tasman", "Nelson", "Auckland"),
        packs=(1, 2), popular_cn=True,
    ),
    Kind(
        "mango", "MNG", "fresh_produce",
        "{place} {opt} Mangoes {spec}", "{place_zh}{opt_zh}芒果 {spec_zh}",
        "08045020", (2800, 4500), (unit_spec("2kg box", "2千克盒装", 2300, (320, 230, 100), 55, 2000),
                                   unit_spec("5kg tray", "5千克整箱", 5500, (400, 300, 120), 100, 5000)),
        "{opt} mangoes from {place}, tree-ripened and packed in single-layer trays.",
        "来自{place_zh}的{opt_zh}芒果，树上自然成熟，单层托盘包装。",
        options=(Option("Kensington Pride", "肯辛顿", 100, 3), Option("R2E2", "R2E2", 110, 2),
                 Option("Calypso", "卡利普索", 105, 2), Option("Honey Gold", "蜂蜜金", 115, 1)),
        temperature="chilled", shelf=(14, 21), certs=("Freshcare",), where=("QLD", "NT", "WA"),
        packs=(1, 2),
    ),
    Kind(
        "avocado", "AVO", "fresh_produce",
        "{place} Hass Avocados {spec}", "{place_zh}哈斯牛油果 {spec_zh}",
        "08044000", (1800, 2800), (unit_spec("1kg", "1千克", 1150, (250, 180, 90), 40, 1000),
                                   unit_spec("3kg box", "3千克盒装", 3300, (380, 280, 110), 100, 3000)),
        "Hass avocados from {place}, picked firm, ready to ripen at home in a few days.",
        "来自{place_zh}的哈斯牛油果，硬果采摘，到货后常温放置数天即可食用。",
        temperature="chilled", shelf=(21, 35), certs=("Freshcare", "GLOBALG.A.P."),
        where=("WA", "QLD", "NSW", "Northland", "Bay of Plenty"), packs=(1, 2),
    ),
    Kind(
        "apples", "APL", "fresh_produce",
        "{place} {opt} Apples {spec}", "{place_zh}{opt_zh}苹果 {spec_zh}",
        "08081000", (1600, 2600), (unit_spec("2kg", "2千克", 2250, (320, 230, 100), 100, 2000),
                                   unit_spec("5kg carton", "5千克整箱", 5500, (400, 300, 140), 220, 5000)),
        "Crisp {opt} apples grown in {place} and kept in controlled-atmosphere storage.",
        "{place_zh}种植的{opt_zh}苹果，清脆多汁，采后气调保鲜。",
        options=(Option("Envy", "爱妃", 120, 2), Option("Jazz", "爵士", 100, 2), Option("Pink Lady", "粉红佳人", 100, 2),
                 Option("Rockit", "火箭", 140, 1, ("NZ",)), Option("Royal Gala", "皇家嘎啦", 90, 1)),
        temperature="chilled", shelf=(60, 150), certs=("GLOBALG.A.P.",),
        where=("TAS", "VIC", "NSW", "WA", "Hawke's Bay", "Tasman", "Nelson", "Otago"), packs=(1, 2),
    ),
    Kind(
        "citrus", "CIT", "fresh_produce",
        "{place} {opt} {spec}", "{place_zh}{opt_zh} {spec_zh}",
        "08051000", (1500, 2400), (unit_spec("3kg box", "3千克盒装", 3300, (380, 280, 110), 100, 3000),
                                   unit_spec("5kg carton", "5千克整箱", 5500, (400, 300, 140), 155, 5000)),
        "Juicy {opt} from {place}, picked to order.",
        "来自{place_zh}的{opt_zh}，多汁香甜，按订单采摘。",
        options=(Option("Navel Oranges", "脐橙", 100, 3), Option("Imperial Mandarins", "帝王柑", 110, 2, hs="08052100"),
                 Option("Blood Oranges", "血橙", 130, 1)),
        temperature="chilled", shelf=(30, 60), certs=("Freshcare",),
        where=("Riverland", "Riverina", "Mildura", "Goulburn Valley", "Bundaberg", "Gisborne", "Northland",
               "Kerikeri", "Carnarvon"),
        packs=(1, 2),
    ),
    Kind(
        "blueberries", "BLU", "fresh_produce",
        "{place} Blueberries {spec}", "{place_zh}蓝莓 {spec_zh}",
        "08104000", (550, 850), (unit_spec("125g punnet", "125克盒装", 170, (110, 85, 50), 100, 125),),
        "Plump blueberries from {place}, picked and chilled the same day.",
        "{place_zh}当天采摘并预冷的饱满蓝莓。",
        temperature="chilled", shelf=(14, 21), certs=("Freshcare", "GLOBALG.A.P."),
        where=("Coffs Harbour", "Northern Rivers", "TAS", "Waikato", "Bay of Plenty", "Sunshine Coast"),
        packs=(4, 8, 12),
    ),
    Kind(
        "grapes", "GRP", "fresh_produce",
        "{place} {opt} Grapes {spec}", "{place_zh}{opt_zh} {spec_zh}",
        "08061000", (1400, 2300), (unit_spec("1kg", "1千克", 1150, (250, 180, 90), 45, 1000),
                                   unit_spec("2.5kg box", "2.5千克盒装", 2800, (360, 260, 110), 100, 2500)),
        "{opt} table grapes from {place}, crisp and sweet.",
        "{place_zh}的{opt_zh}，脆甜爽口。",
        options=(Option("Crimson Seedless", "克瑞森无籽红提", 110, 3), Option("Thompson Seedless", "汤普森无籽白提", 100, 2),
                 Option("Autumn Royal", "秋皇无籽黑提", 115, 1)),
        temperature="chilled", shelf=(30, 60), certs=("Freshcare",),
        where=("Mildura", "Riverland", "Carnarvon", "Swan Valley", "Riverina"), packs=(1, 2),
    ),
    # ---------------------------------------------------------------- cosmetics
    Kind(
        "lanolin", "LAN", "cosmetics",
        "{origin} {opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "33049900", (900, 1600), (g(100, 100, 160, (75, 75, 60)), g(250, 190, 330, (95, 95, 70))),
        "A rich moisturiser based on lanolin from merino wool, for dry skin in winter.",
        "以美利奴羊毛脂为基础的滋润面霜，适合秋冬干燥肌肤。",
        options=(Option("Lanolin Cream with Vitamin E", "维E绵羊油面霜", 100, 3),
                 Option("Lanolin Cream with Grape Seed Oil", "葡萄籽绵羊油面霜", 105, 2),
                 Option("Placenta Cream with Lanolin", "羊胎素绵羊油面霜", 140, 2),
                 Option("Lanolin & Manuka Honey Cream", "麦卢卡蜂蜜绵羊油面霜", 130, 2),
                 Option("Lanolin Hand Cream", "绵羊油护手霜", 80, 1)),
        shelf=(730, 1095), certs=("Cruelty free",), packs=(1, 2, 3), popular_cn=True,
    ),
    Kind(
        "skincare", "SKN", "cosmetics",
        "{organic}{opt} {spec}", "{origin_zh}{organic_zh}{opt_zh} {spec_zh}",
        "33049900", (2800, 4800), (ml(50, 100),),
        "{opt} formulated and made in {place} with native botanicals. Dermatologically tested, no "
        "parabens.",
        "在{place_zh}研制生产的{opt_zh}，添加本土植物精华，经皮肤科测试，不含对羟基苯甲酸酯。",
        options=(Option("Kakadu Plum Vitamin C Serum", "卡卡杜李维C精华液", 160, 2, ("AU",), premium=True,
                        specs=(ml(30, 100),)),
                 Option("Retinol Renewal Serum", "视黄醇焕肤精华液", 170, 2, premium=True, specs=(ml(30, 100),)),
                 Option("Peptide Eye Cream", "胜肽眼霜", 150, 2, premium=True, specs=(ml(15, 100),)),
                 Option("Manuka Honey Night Cream", "麦卢卡蜂蜜晚霜", 110, 2, premium=True),
                 Option("Bee Venom Face Mask", "蜂毒面膜", 120, 1, ("NZ",), premium=True),
                 Option("Rosehip Oil", "玫瑰果油", 80, 2, specs=(ml(30, 100),)),
                 Option("Hydrating Day Cream SPF15", "保湿日霜 SPF15", 90, 2),
                 Option("Emu Oil", "鸸鹋油", 70, 1, ("AU",), specs=(ml(100, 100),)),
                 Option("Native Botanical Cleanser", "植物精萃洁面乳", 60, 2, specs=(ml(150, 100),)),
                 Option("Pink Clay Face Mask", "粉泥面膜", 70, 1, specs=(g(100, 100, 160, (75, 75, 60)),))),
        shelf=(730, 1095), certs=("Cruelty free", "Vegan"), organic=True, popular_cn=True,
    ),
    Kind(
        "tea_tree", "TTO", "cosmetics",
        "{organic}Tea Tree Oil 100% Pure {spec}", "{organic_zh}100%纯茶树精油 {spec_zh}",
        "33012990", (900, 1500), (ml(15, 60, 70), ml(25, 100, 85), ml(50, 170, 120)),
        "Steam-distilled from Melaleuca alternifolia leaves grown in {place}. Dilute before use on "
        "skin.",
        "以{place_zh}种植的互叶白千层叶片蒸馏提取，用于皮肤前请稀释。",
        shelf=(1095, 1460), certs=("Cruelty free", "Australian Made"), where=("AU",), organic=True,
    ),
    Kind(
        "papaw", "PPW", "cosmetics",
        "Papaw Ointment {spec}", "{origin_zh}木瓜膏 {spec_zh}",
        "33049900", (650, 1100), (g(25, 45, 50, (30, 30, 110)), g(75, 100, 110, (40, 40, 140)),
                                  g(200, 190, 260, (90, 90, 70))),
        "The first-aid ointment every {origin} family keeps, made with fermented papaw, for lips, "
        "minor cuts and dry skin.",
        "{origin_zh}家庭常备的发酵木瓜膏，可用于嘴唇、小伤口和干燥肌肤。",
        shelf=(1095, 1460), certs=("Australian Made",), where=("AU",), packs=(1, 3, 6), popular_cn=True,
    ),
    Kind(
        "bodycare", "BDY", "cosmetics",
        "{organic}{opt} {spec}", "{origin_zh}{organic_zh}{opt_zh} {spec_zh}",
        "34013000", (1000, 1800), (ml(250, 80), ml(500, 100)),
        "{opt}, made in {place} with gentle, pH-balanced ingredients.",
        "在{place_zh}生产的{opt_zh}，成分温和，pH平衡。",
        options=(Option("Goat Milk Body Wash", "羊奶沐浴露", 100, 2),
                 Option("Lemon Myrtle Hand Wash", "柠檬香桃木洗手液", 80, 1, ("AU",)),
                 Option("Macadamia Body Lotion", "夏威夷果身体乳", 110, 2, hs="33049900"),
                 Option("Manuka Honey Shampoo", "麦卢卡蜂蜜洗发水", 100, 2, hs="33051000"),
                 Option("Native Botanicals Conditioner", "植物精萃护发素", 100, 1, hs="33059000"),
                 Option("Sunscreen SPF50+", "防晒霜 SPF50+", 110, 2, hs="33049900", specs=(ml(110, 100, 170),)),
                 Option("Lip Balm SPF30", "润唇膏 SPF30", 40, 1, hs="33041000",
                        specs=(g(15, 100, 40, (25, 25, 80)),))),
        shelf=(730, 1095), certs=("Cruelty free",), organic=True,
    ),
    # ---------------------------------------------------------------- mother and baby
    Kind(
        "formula", "INF", "mother_baby",
        "{organic}{opt2}{opt} {spec}", "{origin_zh}{organic_zh}{opt2_zh}{opt_zh} {spec_zh}",
        "19011010", (2600, 3800), (g(800, 92, 1000, (130, 130, 175)), g(900, 100, 1110, (130, 130, 190))),
        "Made in {country} from the milk of grass-fed herds to Australia New Zealand food "
        "standards, nitrogen-flushed and sealed in a can with a measuring scoop. Breast milk is "
        "best for babies: use infant formula on the advice of a health professional.",
        "在{country_zh}采用草饲牧场奶源生产，符合澳新食品标准，充氮密封罐装，附量勺。"
        "母乳是婴儿的最佳食品，请在医生或营养师指导下使用婴儿配方奶粉。",
        options=(Option("Stage 1 Infant Formula", "1段婴儿配方奶粉", 105, 3),
                 Option("Stage 2 Follow-on Formula", "2段较大婴儿配方奶粉", 100, 3),
                 Option("Stage 3 Toddler Milk Drink", "3段幼儿配方奶粉", 90, 3),
                 Option("Stage 4 Junior Milk Drink", "4段儿童成长奶粉", 85, 1)),
        options2=(Option("", "", 100, 5), Option("Goat Milk ", "羊奶", 145, 2), Option("A2 Protein ", "A2蛋白", 130, 2)),
        shelf=(540, 730), certs=("HACCP", "Halal", "SAMR registered formula"), packs=(1, 3, 6),
        organic=True, popular_cn=True,
    ),
    Kind(
        "baby_wipes", "WIP", "mother_baby",
        "{opt} Baby Wipes {spec}", "{origin_zh}{opt_zh}婴儿湿巾 {spec_zh}",
        "34011100", (450, 750), (unit_spec("80 wipes", "80抽", 480, (200, 120, 70), 100, 80),),
        "{opt} baby wipes, thick and soft, suitable for newborns and sensitive skin.",
        "{opt_zh}婴儿湿巾，厚实柔软，适合新生儿及敏感肌肤。",
        options=(Option("Water-based", "纯水", 100, 3), Option("Fragrance-free", "无香", 95, 2),
                 Option("Biodegradable Bamboo", "可降解竹纤维", 115, 2), Option("Sensitive", "敏感肌", 100, 1)),
        shelf=(730, 1095), certs=("Cruelty free",), packs=(3, 6, 12),
    ),
    Kind(
        "baby_care", "BBC", "mother_baby",
        "{organic}{opt} {spec}", "{origin_zh}{organic_zh}{opt_zh} {spec_zh}",
        "33049900", (1200, 2000), (ml(250, 100),),
        "{opt}, made in {country} for delicate skin, free from parabens and artificial fragrance.",
        "{country_zh}生产的{opt_zh}，专为娇嫩肌肤设计，不含对羟基苯甲酸酯和人工香精。",
        options=(Option("Nipple Cream (100% lanolin)", "纯羊毛脂乳头霜", 90, 2, specs=(g(40, 100, 70, (30, 30, 120)),)),
                 Option("Nappy Rash Cream", "婴儿护臀膏", 70, 2, specs=(g(100, 100, 150, (40, 40, 150)),)),
                 Option("Baby Hair & Body Wash", "婴儿洗发沐浴二合一", 90, 2, hs="34013000"),
                 Option("Baby Sunscreen SPF50+", "婴儿防晒霜 SPF50+", 100, 1, specs=(ml(100, 100, 160),)),
                 Option("Baby Massage Oil", "婴儿按摩油", 85, 1, specs=(ml(125, 100),)),
                 Option("Pregnancy Stretch Mark Oil", "孕妇防妊娠纹油", 140, 1, specs=(ml(125, 100),))),
        shelf=(730, 1095), certs=("Cruelty free",), organic=True, popular_cn=True,
    ),
    Kind(
        "baby_food", "BBF", "mother_baby",
        "{opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "19011090", (300, 600), (g(120, 100, 140, (100, 20, 160)),),
        "{opt} made in {country} from locally grown ingredients, with no added sugar or salt.",
        "{country_zh}本地原料制作的{opt_zh}，不额外添加糖和盐。",
        options=(Option("Organic Baby Rice Cereal", "有机婴儿米粉", 150, 2, specs=(g(200, 100, 250, (120, 60, 180)),)),
                 Option("Apple & Pear Puree Pouch", "苹果梨果泥", 100, 3, hs="20071000"),
                 Option("Pumpkin & Sweet Potato Puree Pouch", "南瓜红薯蔬菜泥", 100, 2, hs="20051000"),
                 Option("Teething Rusks", "婴儿磨牙饼干", 130, 1, hs="19054000", specs=(g(100, 100, 140, (150, 60, 50)),))),
        shelf=(270, 365), packs=(6, 12),
    ),
    Kind(
        "kids_nutrition", "KID", "mother_baby",
        "{opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "21069090", (1800, 3000), count_specs(CAPS, ((60, 100),)),
        "{opt} made in {country} under GMP. Follow the dose on the label for your child's age.",
        "{country_zh}GMP工厂生产的{opt_zh}。请按标签上对应年龄的用量服用。",
        options=(Option("Pregnancy Multivitamin", "孕妇复合维生素", 110, 2, specs=count_specs(TABS, ((60, 100),))),
                 Option("Breastfeeding Support", "哺乳期营养素", 110, 1, specs=count_specs(TABS, ((60, 100),))),
                 Option("Kids Multivitamin Gummies", "儿童复合维生素软糖", 80, 2,
                        specs=count_specs(("gummies", "粒"), ((60, 100), (120, 180)))),
                 Option("Kids DHA Algae Oil", "儿童藻油DHA", 100, 2, specs=count_specs(CAPS, ((60, 100),))),
                 Option("Kids Lactoferrin Powder", "儿童乳铁蛋白粉", 160, 2,
                        specs=(unit_spec("30 sachets", "30袋", 150, (140, 90, 60), 100, 30),)),
                 Option("Infant Probiotic Drops", "婴儿益生菌滴剂", 110, 1, specs=(ml(8, 100, 60),))),
        shelf=(540, 730), certs=("GMP certified",), packs=(1, 2, 3), popular_cn=True,
    ),
    # ---------------------------------------------------------------- health supplements
    Kind(
        "supplements", "SUP", "health_supplements",
        "{opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "21069090", (1800, 3200), count_specs(CAPS, ((100, 100),)),
        "{opt} made in {country} under GMP. Take as directed on the label; supplements should not "
        "replace a balanced diet.",
        "{country_zh}GMP工厂生产的{opt_zh}。请按标签说明服用；膳食补充剂不能代替均衡饮食。",
        options=(Option("Fish Oil 1000mg", "深海鱼油 1000毫克", 100, 4, specs=count_specs(CAPS, ((200, 60), (400, 100)))),
                 Option("Odourless Fish Oil 1500mg", "无腥味深海鱼油 1500毫克", 120, 2,
                        specs=count_specs(CAPS, ((200, 100),))),
                 Option("Vitamin C 1000mg", "维生素C 1000毫克", 80, 3, specs=count_specs(TABS, ((150, 100), (500, 260)))),
                 Option("Vitamin D3 1000IU", "维生素D3 1000IU", 60, 2, specs=count_specs(CAPS, ((250, 100),))),
                 Option("Women's Multivitamin", "女士复合维生素", 110, 2, specs=count_specs(TABS, ((100, 100),))),
                 Option("Men's Multivitamin", "男士复合维生素", 110, 2, specs=count_specs(TABS, ((100, 100),))),
                 Option("Sheep Placenta 50000mg", "羊胎素 50000毫克", 170, 2, specs=count_specs(CAPS, ((100, 100),))),
                 Option("Glucosamine 1500mg", "葡萄糖胺 1500毫克", 100, 2, specs=count_specs(TABS, ((180, 100),))),
                 Option("Krill Oil 1000mg", "南极磷虾油 1000毫克", 150, 1, specs=count_specs(CAPS, ((60, 100),))),
                 Option("Calcium + Vitamin D3", "钙+维生素D3", 70, 2, specs=count_specs(TABS, ((120, 100),))),
                 Option("Probiotic 50 Billion", "益生菌 500亿", 130, 2, specs=count_specs(CAPS, ((30, 100),))),
                 Option("Grape Seed 50000mg", "葡萄籽 50000毫克", 120, 2, specs=count_specs(CAPS, ((180, 100),))),
                 Option("Colostrum Powder", "牛初乳粉", 110, 1, specs=(g(350, 100, 450, (100, 100, 150)),)),
                 Option("Deer Velvet 500mg", "鹿茸 500毫克", 160, 1, ("NZ",), specs=count_specs(CAPS, ((60, 100),))),
                 Option("Green-lipped Mussel 500mg", "青口贝 500毫克", 130, 1, ("NZ",),
                        specs=count_specs(CAPS, ((120, 100),))),
                 Option("Lutein 20mg", "叶黄素 20毫克", 110, 1, specs=count_specs(CAPS, ((90, 100),))),
                 Option("Milk Thistle 35000mg", "奶蓟草护肝片 35000毫克", 100, 2, specs=count_specs(TABS, ((100, 100),))),
                 Option("Coenzyme Q10 150mg", "辅酶Q10 150毫克", 140, 1, specs=count_specs(CAPS, ((60, 100),))),
                 Option("Marine Collagen Powder", "海洋胶原蛋白粉", 140, 1, specs=(g(300, 100, 400, (100, 100, 150)),))),
        shelf=(730, 1095), certs=("GMP certified", "Halal"), packs=(1, 2, 3), popular_cn=True,
    ),
    Kind(
        "bee_products", "BEE", "health_supplements",
        "{opt} {spec}", "{origin_zh}{opt_zh} {spec_zh}",
        "21069090", (2400, 4000), count_specs(CAPS, ((365, 100),)),
        "{opt} made from bee products collected in {place}.",
        "采用{place_zh}蜂场出产的蜂产品制成的{opt_zh}。",
        options=(Option("Propolis 2000mg", "蜂胶 2000毫克", 100, 3, specs=count_specs(CAPS, ((365, 100),))),
                 Option("Royal Jelly 1000mg", "蜂王浆 1000毫克", 90, 3, specs=count_specs(CAPS, ((365, 100),))),
                 Option("Propolis Throat Spray", "蜂胶喷雾", 50, 1, specs=(ml(30, 100, 80),)),
                 Option("Bee Pollen Granules", "蜂花粉", 60, 1, hs="04109000", specs=(g(250, 100),)),
                 Option("Manuka Honey Lozenges", "麦卢卡蜂蜜润喉糖", 40, 1, hs="17049000",
                        specs=(unit_spec("24 lozenges", "24粒", 150, (120, 80, 40), 100, 24),))),
        shelf=(730, 1095), certs=("GMP certified", "HACCP"), packs=(1, 2, 3), popular_cn=True,
    ),
    # ---------------------------------------------------------------- wine
    Kind(
        "wine", "WIN", "wine",
        "{place} {opt2}{opt} {vintage} {spec}", "{place_zh}{opt2_zh}{opt_zh} {vintage} {spec_zh}",
        "22042100", (1900, 4200), (BOTTLE_750,),
        "From the {place} region of {state}: hand-picked fruit, fermented in small batches and "
        "matured at the winery. Drink now or cellar for several years.",
        "来自{state_zh}{place_zh}产区：人工采摘，小批量发酵，在酒庄内陈酿；现在饮用或窖藏数年皆宜。",
        options=(Option("Shiraz", "西拉红酒", 100, 6, ("Barossa Valley", "McLaren Vale", "Clare Valley", "Eden Valley",
                                                   "Hunter Valley", "Heathcote", "Grampians", "Langhorne Creek",
                                                   "Canberra District", "Hilltops", "Mudgee", "Bendigo",
                                                   "Frankland River", "Great Southern", "Riverland", "Riverina",
                                                   "Granite Belt", "Swan Valley", "Fleurieu Peninsula"), vintages=RED),
                 Option("Cabernet Sauvignon", "赤霞珠红酒", 105, 5, ("Coonawarra", "Margaret River", "Limestone Coast",
                                                                 "Clare Valley", "Barossa Valley", "McLaren Vale",
                                                                 "Langhorne Creek", "Frankland River", "Great Southern",
                                                                 "Riverland", "Waiheke Island", "Gimblett Gravels"),
                        vintages=RED),
                 Option("Shiraz Cabernet", "西拉赤霞珠混酿红酒", 95, 3, ("AU",), vintages=RED),
                 Option("Grenache Shiraz Mourvèdre", "歌海娜西拉慕合怀特混酿红酒", 100, 2,
                        ("McLaren Vale", "Barossa Valley", "Clare Valley"), vintages=RED),
                 Option("Grenache", "歌海娜红酒", 110, 1, ("McLaren Vale", "Barossa Valley"), vintages=RED),
                 Option("Pinot Noir", "黑皮诺红酒", 125, 5, ("Yarra Valley", "Mornington Peninsula", "TAS",
                                                          "Adelaide Hills", "Macedon Ranges", "Central Otago",
                                                          "Martinborough", "Wairarapa", "Marlborough", "Waipara Valley",
                                                          "Waitaki Valley", "Nelson", "Pemberton"), vintages=RED),
                 Option("Merlot", "梅洛红酒", 90, 2, ("Hawke's Bay", "Gimblett Gravels", "Margaret River", "Riverland",
                                                   "Coonawarra", "Waiheke Island", "King Valley"), vintages=RED),
                 Option("Syrah", "西拉红酒", 115, 2, ("Hawke's Bay", "Gimblett Gravels", "Waiheke Island"), vintages=RED),
                 Option("Tempranillo", "丹魄红酒", 100, 1, ("McLaren Vale", "King Valley", "Riverland", "Granite Belt"),
                        vintages=RED),
                 Option("Durif", "杜瑞夫红酒", 105, 1, ("Rutherglen",), vintages=RED),
                 Option("Chardonnay", "霞多丽干白葡萄酒", 100, 3, vintages=WHITE),
                 Option("Sauvignon Blanc", "长相思干白葡萄酒", 85, 3, ("Marlborough", "Awatere Valley", "Adelaide Hills",
                                                                  "Margaret River", "Nelson", "Martinborough", "Orange",
                                                                  "Wairarapa"), vintages=WHITE),
                 Option("Riesling", "雷司令干白葡萄酒", 95, 2, ("Clare Valley", "Eden Valley", "Great Southern", "TAS",
                                                           "Waipara Valley", "Central Otago", "Canberra District"),
                        vintages=WHITE),
                 Option("Semillon", "赛美蓉干白葡萄酒", 90, 1, ("Hunter Valley", "Barossa Valley"), vintages=WHITE),
                 Option("Pinot Gris", "灰皮诺干白葡萄酒", 90, 1, ("NZ", "Mornington Peninsula", "Adelaide Hills"),
                        vintages=WHITE),
                 Option("Rosé", "桃红葡萄酒", 80, 1, vintages=WHITE),
                 Option("Sparkling Brut", "起泡酒", 120, 1, ("TAS", "Yarra Valley", "Marlborough", "Adelaide Hills",
                                                           "Macedon Ranges", "King Valley"), hs="22041000",
                        specs=(unit_spec("750ml", "750毫升", 1650, (90, 90, 320), 100, 750),)),
                 Option("Botrytis Semillon", "贵腐甜白葡萄酒", 110, 1, ("Riverina",), vintages=WHITE,
                        specs=(unit_spec("375ml", "375毫升", 800, (65, 65, 270), 100, 375),))),
        options2=(Option("", "", 100, 6), Option("Reserve ", "珍藏", 160, 2), Option("Single Vineyard ", "单一园", 210, 1),
                  Option("Estate ", "庄园", 120, 2)),
        shelf=None, certs=(), packs=(1, 6, 12),
        extra_en=("Sold only to adults aged 18 or over.",), extra_zh=("仅售予18岁以上成年人。",),
    ),
)  # fmt: skip

KIND_BY_CODE = {kind.code: kind for kind in KINDS}
WINE_CERTS = {"AU": AU_WINE, "NZ": NZ_WINE}


@dataclass(frozen=True)
class Archetype:
    """A kind of merchant: the words in its name, what it sells, where it is."""

    code: str
    words: tuple[str, ...]
    kinds: tuple[tuple[str, int], ...]  # (kind code, weight)
    tags: str  # place tags it is found at; empty: anywhere
    activity: tuple[str, str]  # for the brand story: what the founders started doing
    source: tuple[str, str]  # where traceability starts


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("winery", ("Estate", "Wines", "Vineyards", "Cellars", "Wine Co", "Winery", "Vignerons", "Wine Estate"),
              (("wine", 1),), "W", ("planting vines", "种植葡萄"), ("vineyard", "葡萄园")),
    Archetype("apiary", ("Honey Co", "Honey", "Apiaries", "Bee Co", "Honey Farm", "Bees"),
              (("honey_manuka_nz", 5), ("honey_manuka_au", 4), ("honey_mono", 4), ("bee_products", 2),
               ("lanolin", 1)), "H", ("keeping bees", "养蜂"), ("hive", "蜂箱")),
    Archetype("dairy", ("Dairy", "Creamery", "Cheese Co", "Dairy Co", "Farmhouse Cheese", "Butter Co"),
              (("cheese", 4), ("butter", 2), ("milk_powder", 3), ("uht_milk", 1), ("fresh_milk", 1), ("yoghurt", 2)),
              "D", ("milking a small herd", "经营一个小型牧场"), ("farm", "牧场")),
    Archetype("infant", ("Nutrition", "Baby", "Little Ones", "Infant Nutrition", "Kids", "Nutritionals"),
              (("formula", 6), ("baby_care", 2), ("baby_wipes", 1), ("baby_food", 2), ("kids_nutrition", 3),
               ("milk_powder", 1)), "", ("making nutrition for their own children", "为自家孩子研制营养食品"),
              ("farm", "牧场")),
    Archetype("skincare", ("Skincare", "Botanicals", "Naturals", "Beauty", "Apothecary", "Organics", "Skin Co",
                           "Essentials"),
              (("skincare", 5), ("lanolin", 3), ("bodycare", 3), ("tea_tree", 1), ("papaw", 1)), "",
              ("making small-batch skincare from native plants", "用本土植物小批量制作护肤品"),
              ("botanical farm", "植物种植园")),
    Archetype("supplements", ("Health", "Vitamins", "Wellness", "Nutraceuticals", "Life Sciences", "Naturals",
                              "Health Co"),
              (("supplements", 8), ("bee_products", 2), ("kids_nutrition", 2)), "",
              ("formulating supplements with a local pharmacist", "与当地药剂师一起研制营养补充剂"),
              ("raw material", "原料")),
    Archetype("meat", ("Meats", "Pastoral Co", "Premium Meats", "Wagyu", "Lamb Co", "Farms", "Pastoral"),
              (("lamb", 4), ("beef", 4), ("venison", 2)), "M",
              ("raising cattle and sheep on open pasture", "在天然牧场上放养牛羊"), ("paddock", "牧场")),
    Archetype("seafood", ("Seafoods", "Seafood Co", "Fisheries", "Ocean Harvest", "Lobster Co", "Abalone",
                          "Fishing Co"),
              (("rock_lobster", 3), ("abalone", 3), ("mussels", 2), ("salmon", 2), ("prawns", 2), ("shellfish", 2),
               ("fish", 2)), "S", ("fishing the local waters", "在当地海域捕捞"), ("boat", "渔船")),
    Archetype("orchard", ("Orchards", "Fresh", "Growers", "Fruit Co", "Farms", "Produce", "Harvest"),
              (("cherries", 4), ("kiwifruit", 4), ("mango", 3), ("avocado", 2), ("apples", 3), ("citrus", 2),
               ("blueberries", 2), ("grapes", 2), ("dried_fruit", 1)), "F",
              ("planting their first orchard", "种下第一片果园"), ("orchard", "果园")),
    Archetype("pantry", ("Pantry", "Foods", "Provisions", "Trading Co", "Kitchen", "Fine Foods", "Gourmet", "Food Co",
                         "Larder"),
              (("macadamia", 3), ("muesli", 3), ("oats", 1), ("olive_oil", 2), ("chocolate", 3), ("biscuits", 3),
               ("coffee", 2), ("tea", 2), ("jam", 2), ("yeast_spread", 1), ("salt", 1), ("vinegar", 1),
               ("honey_mono", 1)), "", ("cooking for the local farmers' market", "为当地农夫市集制作食品"),
              ("source", "原料产地")),
    Archetype("general", ("Trading", "Exports", "Direct", "Global", "International", "Export Co", "Merchants",
                          "Supply Co"),
              (("formula", 4), ("milk_powder", 3), ("supplements", 4), ("lanolin", 2), ("honey_manuka_nz", 2),
               ("honey_manuka_au", 2), ("macadamia", 1), ("skincare", 2), ("bee_products", 1), ("wine", 2),
               ("papaw", 1)), "", ("sending local favourites to friends in Asia", "把本地好物寄给亚洲的朋友"),
              ("source", "原料产地")),
)  # fmt: skip

ARCHETYPE_BY_CODE = {a.code: a for a in ARCHETYPES}
ARCHETYPE_WEIGHTS = {
    "AU": {"pantry": 16, "skincare": 13, "supplements": 12, "winery": 13, "apiary": 6, "infant": 5, "dairy": 6,
           "meat": 7, "seafood": 6, "orchard": 7, "general": 9},
    "NZ": {"pantry": 12, "skincare": 12, "supplements": 12, "winery": 12, "apiary": 13, "infant": 6, "dairy": 9,
           "meat": 8, "seafood": 6, "orchard": 6, "general": 4},
}  # fmt: skip
