"""Words the demo data is built from: places, people, streets and the sentences around them.

Everything here is plain data. Place tags say what a place is known for, so a winery is named
after a wine region and a lobster exporter after a fishing port:

    W wine   F fruit   D dairy   M meat and grazing   S seafood   H honey and botanicals
    C city (skincare, supplements and exporters are often city businesses)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    en: str
    zh: str
    state: str  # AU state code or NZ region
    town: str
    tags: str


def _places(rows: str) -> tuple[Place, ...]:
    found = []
    for line in rows.strip().splitlines():
        en, zh, state, town, tags = (part.strip() for part in line.split("|"))
        found.append(Place(en, zh, state, town, tags))
    return tuple(found)


AU_PLACES = _places(
    """
Barossa Valley|巴罗萨谷|SA|Tanunda|WM
McLaren Vale|麦克拉伦谷|SA|McLaren Vale|W
Clare Valley|克莱尔谷|SA|Clare|W
Adelaide Hills|阿德莱德山|SA|Hahndorf|WFD
Coonawarra|库纳瓦拉|SA|Penola|W
Eden Valley|伊顿谷|SA|Eden Valley|W
Langhorne Creek|兰好乐溪|SA|Langhorne Creek|W
Kangaroo Island|袋鼠岛|SA|Kingscote|HSM
Port Lincoln|林肯港|SA|Port Lincoln|S
Coffin Bay|科芬湾|SA|Coffin Bay|S
Riverland|河地|SA|Renmark|FW
Limestone Coast|石灰岩海岸|SA|Mount Gambier|DMSW
Fleurieu Peninsula|弗勒里厄半岛|SA|Victor Harbor|DWS
Flinders Ranges|弗林德斯山脉|SA|Hawker|MH
Adelaide|阿德莱德|SA|Adelaide|C
Yarra Valley|雅拉谷|VIC|Healesville|WFD
Mornington Peninsula|莫宁顿半岛|VIC|Red Hill|WS
Gippsland|吉普斯兰|VIC|Warragul|DM
Rutherglen|路斯格兰|VIC|Rutherglen|W
Heathcote|希思科特|VIC|Heathcote|W
King Valley|国王谷|VIC|Whitfield|W
Macedon Ranges|马斯顿山脉|VIC|Kyneton|W
Goulburn Valley|古尔本谷|VIC|Shepparton|FD
Grampians|格兰屏|VIC|Halls Gap|WM
Bellarine Peninsula|贝拉林半岛|VIC|Portarlington|SW
Daylesford|戴尔斯福德|VIC|Daylesford|H
Great Ocean Road|大洋路|VIC|Apollo Bay|DS
Mildura|米尔迪拉|VIC|Mildura|F
Bendigo|本迪戈|VIC|Bendigo|WM
Beechworth|比奇沃思|VIC|Beechworth|H
Warrnambool|瓦南布尔|VIC|Warrnambool|D
Melbourne|墨尔本|VIC|Melbourne|C
Geelong|吉朗|VIC|Geelong|C
Hunter Valley|猎人谷|NSW|Pokolbin|W
Mudgee|满吉|NSW|Mudgee|WH
Orange|奥兰治|NSW|Orange|WF
Byron Bay|拜伦湾|NSW|Byron Bay|H
Blue Mountains|蓝山|NSW|Katoomba|H
Southern Highlands|南部高地|NSW|Bowral|W
Riverina|瑞福利纳|NSW|Griffith|WF
Bega Valley|贝加谷|NSW|Bega|DS
Northern Rivers|北河地区|NSW|Lismore|FH
New England|新英格兰|NSW|Armidale|M
Hawkesbury|霍克斯伯里|NSW|Windsor|FS
Batemans Bay|贝特曼斯湾|NSW|Batemans Bay|S
Hilltops|希尔托普斯|NSW|Young|WF
Coffs Harbour|科夫斯港|NSW|Coffs Harbour|F
Tamworth|坦沃斯|NSW|Tamworth|M
Sydney|悉尼|NSW|Sydney|C
Newcastle|纽卡斯尔|NSW|Newcastle|C
Darling Downs|达令唐斯|QLD|Toowoomba|M
Granite Belt|格兰纳特贝尔特|QLD|Stanthorpe|WF
Sunshine Coast|阳光海岸|QLD|Maroochydore|FH
Noosa|努沙|QLD|Noosa Heads|H
Atherton Tablelands|阿瑟顿高原|QLD|Atherton|FD
Bundaberg|班达伯格|QLD|Bundaberg|F
Bowen|鲍恩|QLD|Bowen|F
Tamborine Mountain|坦伯林山|QLD|Tamborine Mountain|H
Moreton Bay|摩顿湾|QLD|Redcliffe|S
Karumba|卡伦巴|QLD|Karumba|S
Mackay|麦凯|QLD|Mackay|F
Brisbane|布里斯班|QLD|Brisbane|C
Gold Coast|黄金海岸|QLD|Southport|C
Margaret River|玛格丽特河|WA|Margaret River|WD
Swan Valley|天鹅谷|WA|Guildford|WF
Great Southern|大南部|WA|Mount Barker|WM
Pemberton|潘伯顿|WA|Pemberton|WF
Manjimup|曼吉马普|WA|Manjimup|F
Denmark|丹麦镇|WA|Denmark|HW
Geraldton|杰拉尔顿|WA|Geraldton|S
Esperance|埃斯佩兰斯|WA|Esperance|MS
Abrolhos Islands|阿布罗霍斯群岛|WA|Geraldton|S
Broome|布鲁姆|WA|Broome|S
Carnarvon|卡那封|WA|Carnarvon|F
Frankland River|富兰克兰河|WA|Frankland River|W
Perth|珀斯|WA|Perth|C
Tamar Valley|塔玛谷|TAS|Launceston|WF
Huon Valley|胡恩谷|TAS|Huonville|FS
Bruny Island|布鲁尼岛|TAS|Alonnah|SD
Coal River Valley|煤河谷|TAS|Richmond|W
Derwent Valley|德文特谷|TAS|New Norfolk|F
King Island|国王岛|TAS|Currie|DM
Flinders Island|弗林德斯岛|TAS|Whitemark|MS
Freycinet|菲欣纳|TAS|Coles Bay|SW
Cradle Mountain|摇篮山|TAS|Sheffield|H
Tasman Peninsula|塔斯曼半岛|TAS|Nubeena|S
Tarkine|塔金|TAS|Smithton|HM
Hobart|霍巴特|TAS|Hobart|C
Top End|顶端地区|NT|Darwin|FS
Katherine|凯瑟琳|NT|Katherine|FM
Arnhem Land|阿纳姆地|NT|Nhulunbuy|S
Alice Springs|爱丽斯泉|NT|Alice Springs|H
Canberra District|堪培拉地区|ACT|Canberra|W
Brindabella|布林达贝拉|ACT|Canberra|H
Pialligo|皮亚利戈|ACT|Canberra|F
Canberra|堪培拉|ACT|Canberra|C
""",
)

NZ_PLACES = _places(
    """
Marlborough|马尔堡|Marlborough|Blenheim|WS
Marlborough Sounds|马尔堡峡湾|Marlborough|Havelock|S
Awatere Valley|阿瓦特雷谷|Marlborough|Seddon|W
Hawke's Bay|霍克斯湾|Hawke's Bay|Hastings|WFM
Gimblett Gravels|吉布利特砾石区|Hawke's Bay|Hastings|W
Havelock North|哈夫洛克北|Hawke's Bay|Havelock North|FH
Central Otago|中奥塔哥|Otago|Cromwell|WF
Queenstown|皇后镇|Otago|Queenstown|WH
Wanaka|瓦纳卡|Otago|Wanaka|H
Waitaki Valley|怀塔基谷|Otago|Kurow|W
Dunedin|达尼丁|Otago|Dunedin|SC
Martinborough|马丁堡|Wellington|Martinborough|W
Wairarapa|怀拉拉帕|Wellington|Masterton|WMD
Kapiti Coast|卡皮蒂海岸|Wellington|Paraparaumu|HD
Wellington|惠灵顿|Wellington|Wellington|C
Nelson|尼尔森|Nelson|Nelson|SFW
Tasman Bay|塔斯曼湾|Tasman|Motueka|HFS
Golden Bay|黄金湾|Tasman|Takaka|HD
Waiheke Island|激流岛|Auckland|Oneroa|W
Matakana|马塔卡纳|Auckland|Matakana|WH
Kumeu|库姆|Auckland|Kumeu|W
Auckland|奥克兰|Auckland|Auckland|C
Te Puke|蒂普克|Bay of Plenty|Te Puke|F
Tauranga|陶朗加|Bay of Plenty|Tauranga|FC
Rotorua|罗托鲁瓦|Bay of Plenty|Rotorua|H
Katikati|卡蒂卡蒂|Bay of Plenty|Katikati|F
Coromandel|科罗曼德|Waikato|Thames|SH
Waikato|怀卡托|Waikato|Hamilton|DM
Matamata|马塔马塔|Waikato|Matamata|DM
Taupo|陶波|Waikato|Taupo|HM
Hamilton|汉密尔顿|Waikato|Hamilton|C
Taranaki|塔拉纳基|Taranaki|New Plymouth|D
Whanganui|旺格努伊|Manawatū-Whanganui|Whanganui|M
Ruapehu|鲁阿佩胡|Manawatū-Whanganui|Ohakune|FM
Manawatū|马纳瓦图|Manawatū-Whanganui|Palmerston North|DC
Gisborne|吉斯伯恩|Gisborne|Gisborne|WF
Bay of Islands|岛屿湾|Northland|Paihia|FHS
Kerikeri|凯里凯里|Northland|Kerikeri|F
Hokianga|霍基安加|Northland|Rawene|H
Canterbury Plains|坎特伯雷平原|Canterbury|Ashburton|DM
Waipara Valley|怀帕拉谷|Canterbury|Waipara|W
Akaroa|阿卡罗阿|Canterbury|Akaroa|S
Kaikōura|凯库拉|Canterbury|Kaikōura|S
Mackenzie Country|麦肯齐盆地|Canterbury|Twizel|SM
Christchurch|基督城|Canterbury|Christchurch|C
Hokitika|霍基蒂卡|West Coast|Hokitika|HS
Westland|西部地区|West Coast|Greymouth|DH
Southland|南地|Southland|Invercargill|MD
Bluff|布拉夫|Southland|Bluff|S
Stewart Island|斯图尔特岛|Southland|Oban|S
Fiordland|峡湾地区|Southland|Te Anau|SH
""",
)

AU_STATE_NAMES = {
    "NSW": ("New South Wales", "新南威尔士州"),
    "VIC": ("Victoria", "维多利亚州"),
    "QLD": ("Queensland", "昆士兰州"),
    "SA": ("South Australia", "南澳大利亚州"),
    "WA": ("Western Australia", "西澳大利亚州"),
    "TAS": ("Tasmania", "塔斯马尼亚州"),
    "NT": ("Northern Territory", "北领地"),
    "ACT": ("Australian Capital Territory", "澳大利亚首都领地"),
}

NZ_REGION_NAMES = {
    "Northland": "北地大区",
    "Auckland": "奥克兰大区",
    "Waikato": "怀卡托大区",
    "Bay of Plenty": "丰盛湾大区",
    "Gisborne": "吉斯伯恩大区",
    "Hawke's Bay": "霍克斯湾大区",
    "Taranaki": "塔拉纳基大区",
    "Manawatū-Whanganui": "马纳瓦图-旺格努伊大区",
    "Wellington": "惠灵顿大区",
    "Tasman": "塔斯曼大区",
    "Nelson": "尼尔森大区",
    "Marlborough": "马尔堡大区",
    "West Coast": "西海岸大区",
    "Canterbury": "坎特伯雷大区",
    "Otago": "奥塔哥大区",
    "Southland": "南地大区",
}
NZ_REGIONS = tuple(NZ_REGION_NAMES)

COUNTRY_NAMES = {"AU": ("Australia", "澳大利亚"), "NZ": ("New Zealand", "新西兰")}
COUNTRY_ADJECTIVE = {"AU": ("Australian", "澳洲"), "NZ": ("New Zealand", "新西兰")}

# Where merchants are, by share of businesses (roughly by population).
AU_STATE_WEIGHTS = {
    "NSW": 30, "VIC": 27, "QLD": 20, "WA": 10, "SA": 8, "TAS": 3, "ACT": 1.5, "NT": 0.5,
}  # fmt: skip
NZ_REGION_WEIGHTS = {
    "Auckland": 33, "Canterbury": 13, "Wellington": 11, "Waikato": 10, "Bay of Plenty": 7,
    "Otago": 5, "Manawatū-Whanganui": 5, "Hawke's Bay": 4, "Northland": 4, "Taranaki": 2.5,
    "Tasman": 1.5, "Nelson": 1.5, "Southland": 2, "Marlborough": 1.2, "Gisborne": 1,
    "West Coast": 0.7,
}  # fmt: skip

# Names that read like brands, independent of a place.
AU_NATURE_WORDS = (
    "Wattle", "Golden Wattle", "Blue Gum", "Ironbark", "Banksia", "Waratah", "Kookaburra",
    "Red Gum", "Jarrah", "Karri", "Lilly Pilly", "Saltbush", "Southern Cross", "Coral Sea",
    "Outback", "Billabong", "Mallee", "Boab", "Bluewren", "Paperbark", "Bottlebrush",
    "Emu Ridge", "Wombat Hill", "Sandstone", "Red Earth", "Sunburnt Country",
)  # fmt: skip
NZ_NATURE_WORDS = (
    "Kowhai", "Pohutukawa", "Silver Fern", "Kauri", "Rata", "Tui", "Kea", "Totara", "Harakeke",
    "Rimu", "Aoraki", "Kereru", "Moana", "Southern Alps", "Long White Cloud", "Pounamu",
    "Kahikatea", "Ponga", "Matai", "Kiwi Ridge", "Manuka Hills", "Tussock",
)  # fmt: skip

# Owners and consumers in Australia and New Zealand: (English, Chinese transliteration).
FIRST_NAMES = (
    ("Olivia", "奥利维娅"), ("Charlotte", "夏洛特"), ("Amelia", "阿米莉亚"), ("Isla", "艾拉"),
    ("Mia", "米娅"), ("Ava", "艾娃"), ("Grace", "格蕾丝"), ("Chloe", "克洛伊"),
    ("Sophie", "索菲"), ("Emily", "艾米丽"), ("Ella", "埃拉"), ("Ruby", "鲁比"), ("Zoe", "佐伊"),
    ("Lucy", "露西"), ("Hannah", "汉娜"), ("Sarah", "莎拉"), ("Jessica", "杰西卡"),
    ("Emma", "艾玛"), ("Kate", "凯特"), ("Megan", "梅根"), ("Georgia", "乔治娅"),
    ("Matilda", "玛蒂尔达"), ("Jack", "杰克"), ("Oliver", "奥利弗"), ("William", "威廉"),
    ("Noah", "诺亚"), ("Thomas", "托马斯"), ("James", "詹姆斯"), ("Henry", "亨利"),
    ("Lachlan", "拉克伦"), ("Liam", "利亚姆"), ("Lucas", "卢卡斯"), ("Ethan", "伊桑"),
    ("Samuel", "塞缪尔"), ("Harrison", "哈里森"), ("Cooper", "库珀"), ("Angus", "安格斯"),
    ("Hamish", "哈米什"), ("Nathan", "内森"), ("Daniel", "丹尼尔"), ("Matthew", "马修"),
    ("Benjamin", "本杰明"), ("Michael", "迈克尔"), ("David", "大卫"), ("Andrew", "安德鲁"),
    ("Peter", "彼得"), ("Fiona", "菲奥娜"), ("Rachel", "蕾切尔"), ("Aroha", "阿罗哈"),
    ("Nikau", "尼考"), ("Tama", "塔玛"), ("Mere", "梅蕾"), ("Anh", "安"), ("Priya", "普丽雅"),
    ("Wei", "伟"), ("Mei", "美"),
)  # fmt: skip
SURNAMES = (
    ("Smith", "史密斯"), ("Jones", "琼斯"), ("Williams", "威廉姆斯"), ("Brown", "布朗"),
    ("Wilson", "威尔逊"), ("Taylor", "泰勒"), ("Johnson", "约翰逊"), ("White", "怀特"),
    ("Martin", "马丁"), ("Anderson", "安德森"), ("Thompson", "汤普森"), ("Nguyen", "阮"),
    ("Thomas", "托马斯"), ("Walker", "沃克"), ("Harris", "哈里斯"), ("Lee", "李"),
    ("Ryan", "瑞安"), ("Robinson", "罗宾逊"), ("Kelly", "凯利"), ("King", "金"),
    ("Davis", "戴维斯"), ("Wright", "赖特"), ("Evans", "埃文斯"), ("Roberts", "罗伯茨"),
    ("Green", "格林"), ("Hall", "霍尔"), ("Wood", "伍德"), ("Jackson", "杰克逊"),
    ("Clarke", "克拉克"), ("Patel", "帕特尔"), ("Mitchell", "米切尔"), ("Campbell", "坎贝尔"),
    ("Murphy", "墨菲"), ("Young", "扬"), ("Scott", "斯科特"), ("Hughes", "休斯"),
    ("Stewart", "斯图尔特"), ("Morris", "莫里斯"), ("McDonald", "麦克唐纳"),
    ("Cooper", "库珀"), ("Ward", "沃德"), ("Turner", "特纳"), ("Edwards", "爱德华兹"),
    ("Baker", "贝克"), ("Henderson", "亨德森"), ("Fraser", "弗雷泽"), ("Reid", "里德"),
    ("Ross", "罗斯"), ("Sullivan", "沙利文"), ("Bell", "贝尔"), ("O'Brien", "奥布莱恩"),
    ("Chen", "陈"), ("Wang", "王"), ("Zhang", "张"), ("Singh", "辛格"), ("Ngata", "恩加塔"),
    ("Parata", "帕拉塔"), ("Tipene", "蒂佩内"), ("Russo", "鲁索"), ("Papadopoulos", "帕帕多普洛斯"),
    ("Kowalski", "科瓦尔斯基"), ("Van der Berg", "范德伯格"),
)  # fmt: skip

# Chinese consumers: surnames and given-name characters, with pinyin for e-mail addresses.
CN_SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"),
    ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("程", "cheng"), ("苏", "su"), ("魏", "wei"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"),
    ("沈", "shen"), ("姚", "yao"), ("卢", "lu"), ("姜", "jiang"), ("崔", "cui"), ("钟", "zhong"),
    ("谭", "tan"), ("陆", "lu"), ("汪", "wang"), ("范", "fan"), ("金", "jin"), ("石", "shi"),
    ("廖", "liao"), ("贾", "jia"), ("夏", "xia"), ("韦", "wei"), ("方", "fang"), ("白", "bai"),
    ("邹", "zou"), ("孟", "meng"), ("熊", "xiong"), ("秦", "qin"), ("邱", "qiu"), ("江", "jiang"),
)  # fmt: skip
CN_GIVEN = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("英", "ying"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("华", "hua"), ("玉", "yu"),
    ("萍", "ping"), ("红", "hong"), ("燕", "yan"), ("鹏", "peng"), ("辉", "hui"), ("婷", "ting"),
    ("雪", "xue"), ("琳", "lin"), ("晨", "chen"), ("欣", "xin"), ("怡", "yi"), ("宇", "yu"),
    ("浩", "hao"), ("子", "zi"), ("涵", "han"), ("梓", "zi"), ("轩", "xuan"), ("睿", "rui"),
    ("思", "si"), ("雨", "yu"), ("佳", "jia"), ("嘉", "jia"), ("博", "bo"), ("文", "wen"),
    ("诗", "shi"), ("悦", "yue"), ("瑶", "yao"), ("晓", "xiao"), ("峰", "feng"), ("鑫", "xin"),
    ("颖", "ying"), ("慧", "hui"), ("倩", "qian"), ("蕾", "lei"), ("然", "ran"), ("彤", "tong"),
)  # fmt: skip
CN_MAIL_DOMAINS = ("qq.test", "163.test", "126.test", "sina.test", "foxmail.test")


@dataclass(frozen=True)
class CnCity:
    name: str
    districts: tuple[str, ...]
    postcode: str


def _cn_city(name: str, districts: str, postcode: str) -> CnCity:
    return CnCity(name, tuple(districts.split()), postcode)


# Province (as in accounts.rules.CN_PROVINCES) -> its cities, and a weight: where cross-border
# shoppers are (the coastal provinces and the big municipalities buy most).
CN_GEOGRAPHY: dict[str, tuple[float, tuple[CnCity, ...]]] = {
    "北京": (8, (_cn_city("北京市", "朝阳区 海淀区 东城区 西城区 丰台区 通州区", "100000"),)),
    "天津": (2, (_cn_city("天津市", "和平区 南开区 河西区 滨海新区", "300000"),)),
    "河北": (2.5, (
        _cn_city("石家庄市", "长安区 桥西区 裕华区", "050000"),
        _cn_city("唐山市", "路北区 路南区", "063000"),
        _cn_city("保定市", "竞秀区 莲池区", "071000"),
    )),
    "山西": (1, (_cn_city("太原市", "小店区 迎泽区", "030000"), _cn_city("大同市", "平城区", "037000"))),
    "内蒙古": (0.8, (
        _cn_city("呼和浩特市", "新城区 赛罕区", "010000"),
        _cn_city("包头市", "昆都仑区", "014000"),
    )),
    "辽宁": (2.5, (
        _cn_city("沈阳市", "和平区 沈河区 浑南区", "110000"),
        _cn_city("大连市", "中山区 沙河口区 甘井子区", "116000"),
    )),
    "吉林": (1, (_cn_city("长春市", "朝阳区 南关区", "130000"), _cn_city("吉林市", "船营区", "132000"))),
    "黑龙江": (1.2, (
        _cn_city("哈尔滨市", "南岗区 道里区 香坊区", "150000"),
        _cn_city("大庆市", "萨尔图区", "163000"),
    )),
    "上海": (9, (_cn_city("上海市", "浦东新区 徐汇区 静安区 黄浦区 长宁区 闵行区 杨浦区", "200000"),)),
    "江苏": (10, (
        _cn_city("南京市", "鼓楼区 玄武区 建邺区", "210000"),
        _cn_city("苏州市", "姑苏区 吴中区 相城区", "215000"),
        _cn_city("无锡市", "梁溪区 滨湖区", "214000"),
        _cn_city("常州市", "天宁区 新北区", "213000"),
    )),
    "浙江": (10, (
        _cn_city("杭州市", "西湖区 上城区 拱墅区 滨江区 余杭区", "310000"),
        _cn_city("宁波市", "海曙区 鄞州区", "315000"),
        _cn_city("温州市", "鹿城区 瓯海区", "325000"),
        _cn_city("绍兴市", "越城区 柯桥区", "312000"),
    )),
    "安徽": (2.5, (_cn_city("合肥市", "蜀山区 包河区", "230000"), _cn_city("芜湖市", "镜湖区", "241000"))),
    "福建": (4, (
        _cn_city("福州市", "鼓楼区 台江区", "350000"),
        _cn_city("厦门市", "思明区 湖里区", "361000"),
        _cn_city("泉州市", "丰泽区", "362000"),
    )),
    "江西": (1.5, (_cn_city("南昌市", "东湖区 红谷滩区", "330000"), _cn_city("赣州市", "章贡区", "341000"))),
    "山东": (6, (
        _cn_city("济南市", "历下区 市中区", "250000"),
        _cn_city("青岛市", "市南区 崂山区 黄岛区", "266000"),
        _cn_city("烟台市", "芝罘区", "264000"),
    )),
    "河南": (4, (_cn_city("郑州市", "金水区 中原区 二七区", "450000"), _cn_city("洛阳市", "西工区", "471000"))),
    "湖北": (4, (_cn_city("武汉市", "武昌区 江汉区 洪山区", "430000"), _cn_city("宜昌市", "西陵区", "443000"))),
    "湖南": (3, (_cn_city("长沙市", "岳麓区 芙蓉区 天心区", "410000"), _cn_city("株洲市", "天元区", "412000"))),
    "广东": (14, (
        _cn_city("广州市", "天河区 越秀区 海珠区 番禺区", "510000"),
        _cn_city("深圳市", "南山区 福田区 宝安区 龙华区", "518000"),
        _cn_city("东莞市", "南城街道 东城街道", "523000"),
        _cn_city("佛山市", "禅城区 顺德区", "528000"),
        _cn_city("珠海市", "香洲区", "519000"),
    )),
    "广西": (1.5, (_cn_city("南宁市", "青秀区 西乡塘区", "530000"), _cn_city("桂林市", "秀峰区", "541000"))),
    "海南": (0.8, (_cn_city("海口市", "龙华区 美兰区", "570000"), _cn_city("三亚市", "吉阳区", "572000"))),
    "重庆": (2.5, (_cn_city("重庆市", "渝中区 江北区 南岸区 渝北区", "400000"),)),
    "四川": (5, (_cn_city("成都市", "锦江区 武侯区 青羊区 成华区", "610000"), _cn_city("绵阳市", "涪城区", "621000"))),
    "贵州": (1, (_cn_city("贵阳市", "南明区 观山湖区", "550000"), _cn_city("遵义市", "红花岗区", "563000"))),
    "云南": (1.5, (_cn_city("昆明市", "五华区 盘龙区", "650000"), _cn_city("大理市", "下关街道", "671000"))),
    "西藏": (0.1, (_cn_city("拉萨市", "城关区", "850000"),)),
    "陕西": (2, (_cn_city("西安市", "雁塔区 碑林区 未央区", "710000"), _cn_city("咸阳市", "秦都区", "712000"))),
    "甘肃": (0.6, (_cn_city("兰州市", "城关区 七里河区", "730000"),)),
    "青海": (0.2, (_cn_city("西宁市", "城西区 城东区", "810000"),)),
    "宁夏": (0.3, (_cn_city("银川市", "兴庆区 金凤区", "750000"),)),
    "新疆": (0.6, (_cn_city("乌鲁木齐市", "天山区 沙依巴克区", "830000"),)),
}  # fmt: skip

CN_STREETS = (
    "人民路", "中山路", "解放路", "建设路", "和平路", "新华路", "胜利路", "朝阳路", "长江路",
    "黄河路", "科技路", "学院路", "滨江大道", "世纪大道", "东风路", "光明路", "幸福路", "青年路",
    "文化路", "迎宾大道",
)  # fmt: skip
CN_ESTATES = (
    "阳光花园", "锦绣家园", "金色家园", "翠苑", "华府", "紫金苑", "名都花园", "春晓苑",
    "和谐家园", "江南名苑", "新城花园", "世纪嘉园", "枫林小区", "桂花苑", "湖畔雅居",
)  # fmt: skip

# Australian and New Zealand consumers: city, postcode; by state or region, with weights.
AU_CITIES: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {
    "NSW": (31, (("Sydney", "2000"), ("Parramatta", "2150"), ("Chatswood", "2067"),
                 ("Hurstville", "2220"), ("Burwood", "2134"), ("Newcastle", "2300"),
                 ("Wollongong", "2500"))),
    "VIC": (26, (("Melbourne", "3000"), ("Box Hill", "3128"), ("Glen Waverley", "3150"),
                 ("Richmond", "3121"), ("Doncaster", "3108"), ("Geelong", "3220"),
                 ("Ballarat", "3350"))),
    "QLD": (20, (("Brisbane", "4000"), ("Sunnybank", "4109"), ("Surfers Paradise", "4217"),
                 ("Toowoomba", "4350"), ("Cairns", "4870"))),
    "WA": (11, (("Perth", "6000"), ("Fremantle", "6160"), ("Joondalup", "6027"))),
    "SA": (7, (("Adelaide", "5000"), ("Glenelg", "5045"), ("Norwood", "5067"))),
    "TAS": (2, (("Hobart", "7000"), ("Launceston", "7250"))),
    "ACT": (2, (("Canberra", "2601"), ("Belconnen", "2617"))),
    "NT": (1, (("Darwin", "0800"), ("Palmerston", "0830"))),
}  # fmt: skip
NZ_CITIES: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {
    "Auckland": (34, (("Auckland", "1010"), ("Epsom", "1023"), ("Takapuna", "0622"),
                      ("Botany Downs", "2013"))),
    "Wellington": (11, (("Wellington", "6011"), ("Lower Hutt", "5010"))),
    "Canterbury": (13, (("Christchurch", "8011"), ("Rolleston", "7614"))),
    "Waikato": (10, (("Hamilton", "3204"), ("Cambridge", "3434"))),
    "Bay of Plenty": (7, (("Tauranga", "3110"), ("Rotorua", "3010"))),
    "Otago": (5, (("Dunedin", "9016"), ("Queenstown", "9300"))),
    "Manawatū-Whanganui": (5, (("Palmerston North", "4410"), ("Whanganui", "4500"))),
    "Hawke's Bay": (4, (("Napier", "4110"), ("Hastings", "4122"))),
    "Northland": (4, (("Whangārei", "0110"),)),
    "Taranaki": (2.5, (("New Plymouth", "4310"),)),
    "Nelson": (1.5, (("Nelson", "7010"),)),
    "Tasman": (1, (("Richmond", "7020"),)),
    "Southland": (2, (("Invercargill", "9810"),)),
    "Marlborough": (1, (("Blenheim", "7201"),)),
    "Gisborne": (1, (("Gisborne", "4010"),)),
    "West Coast": (0.7, (("Greymouth", "7805"),)),
}  # fmt: skip

# Shoppers in Singapore and Malaysia: region (a Malaysian state; Singapore is one) -> weight,
# ((town, postcode), ...), with their streets and the names people there go by.
SEA_CITIES: dict[str, dict[str, tuple[float, tuple[tuple[str, str], ...]]]] = {
    "SG": {
        "Singapore": (1, (("Singapore", "238859"), ("Singapore", "018956"),
                          ("Singapore", "529510"), ("Singapore", "560123"),
                          ("Singapore", "608549"), ("Singapore", "310190"))),
    },
    "MY": {
        "Kuala Lumpur": (35, (("Kuala Lumpur", "50450"), ("Kuala Lumpur", "59200"))),
        "Selangor": (40, (("Petaling Jaya", "47800"), ("Shah Alam", "40000"),
                          ("Subang Jaya", "47500"))),
        "Penang": (15, (("George Town", "10200"),)),
        "Johor": (10, (("Johor Bahru", "80000"),)),
    },
}  # fmt: skip
SEA_STREETS = {
    "SG": ("Tampines Street 21", "Ang Mo Kio Avenue 3", "Jurong East Street 13",
           "Toa Payoh Lorong 1", "Bedok North Road", "Clementi Avenue 2"),
    "MY": ("Jalan Ampang", "Jalan SS 2/24", "Jalan Bukit Bintang", "Jalan Burma",
           "Jalan Tebrau", "Persiaran Kayangan"),
}  # fmt: skip
SEA_NAMES = (  # (given, family)
    ("Wei Ling", "Tan"), ("Jun Jie", "Lim"), ("Hui Min", "Lee"), ("Mei Ling", "Wong"),
    ("Kai Xiang", "Ng"), ("Siti", "Rahman"), ("Nur Aisyah", "Ismail"), ("Ahmad", "Zulkifli"),
    ("Arjun", "Pillai"), ("Priya", "Nair"), ("Kavitha", "Raj"), ("Daniel", "Goh"),
)  # fmt: skip

STREET_NAMES = (
    "George", "King", "Queen", "Elizabeth", "Victoria", "Albert", "Church", "High", "Station",
    "Bridge", "Park", "Hill", "Beach", "Railway", "William", "Collins", "Market", "Harbour",
    "Wattle", "Banksia", "Kauri", "Rata", "Jubilee", "Ocean", "River", "Mill", "Orchard",
)  # fmt: skip
STREET_TYPES = ("Street", "Street", "Road", "Avenue", "Parade", "Lane", "Drive", "Place", "Terrace")

# Partner bonded warehouses in China's cross-border pilot zones.
BONDED_WAREHOUSES = (
    ("BW-HGH", "Hangzhou Xiasha Bonded Warehouse", "Hangzhou"),
    ("BW-NGB", "Ningbo Meishan Bonded Warehouse", "Ningbo"),
    ("BW-CAN", "Guangzhou Nansha Bonded Warehouse", "Guangzhou"),
    ("BW-CGO", "Zhengzhou Xinzheng Bonded Warehouse", "Zhengzhou"),
)

STORAGE = {
    "ambient": (
        "Store in a cool, dry place away from direct sunlight.",
        "请存放于阴凉干燥处，避免阳光直射。",
    ),
    "chilled": (
        "Ships chilled at 0-4 °C through partner cold chain; keep refrigerated on arrival.",
        "全程0-4°C冷链配送，收货后请立即冷藏。",
    ),
    "frozen": (
        "Ships frozen at -18 °C or colder; keep frozen and thaw overnight in the refrigerator.",
        "全程-18°C以下冷冻配送，收货后请冷冻保存，食用前置于冷藏室解冻。",
    ),
}

# Certifications, with the Chinese wording used on the product page.
CERTIFICATIONS_ZH = {
    "Australian Certified Organic": "澳大利亚ACO有机认证",
    "NASAA Certified Organic": "澳大利亚NASAA有机认证",
    "BioGro": "新西兰BioGro有机认证",
    "AsureQuality Organic": "新西兰AsureQuality有机认证",
    "HACCP": "HACCP食品安全认证",
    "Halal": "清真认证",
    "Kosher": "犹太洁食认证",
    "Cruelty free": "零动物实验",
    "Vegan": "纯素",
    "Australian Made": "澳大利亚制造认证",
    "Made in New Zealand": "新西兰制造",
    "FernMark": "新西兰银蕨标志",
    "TGA listed": "澳大利亚TGA注册",
    "GMP certified": "GMP认证",
    "UMF Honey Association": "UMF麦卢卡蜂蜜协会认证",
    "MGO tested": "MGO含量检测",
    "Export registered establishment": "出口注册企业",
    "MPI Risk Management Programme": "新西兰初级产业部风险管理计划",
    "SAMR registered formula": "中国市场监管总局配方注册",
    "Sustainable Winegrowing Australia": "澳大利亚可持续酿酒认证",
    "Sustainable Winegrowing New Zealand": "新西兰可持续酿酒认证",
    "Freshcare": "Freshcare新鲜农产品认证",
    "GLOBALG.A.P.": "全球良好农业规范认证",
    "MSC certified sustainable seafood": "MSC可持续海产认证",
}

ORGANIC_CERT = {"AU": ("Australian Certified Organic", "NASAA Certified Organic"),
                "NZ": ("BioGro", "AsureQuality Organic")}  # fmt: skip
MADE_IN_CERT = {"AU": "Australian Made", "NZ": "Made in New Zealand"}
