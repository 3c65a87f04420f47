"""Units that follow a number: currencies, ratios, percents, physical units and counters, the
words around a count (partitives, labels, groups), and the measures that are no figure of the
contract (durations, distances, index points). The noun a count counts: nlp.nouns.

Pure stdlib; nlp.quantities attaches these to the numbers it reads.
"""

from __future__ import annotations

import re

from nlp.nouns import NOUN_STOP
from nlp.numerals import FRACTION_WORDS, SCALES, WORD_VALUES

# Currencies a sign or code names before the number ("S$50 billion", "₹500 crore", "CAD 2bn").
CURRENCY_PREFIX = (
    r"(?<![A-Za-z])(?:US|HK|NZ|NT|S|A|C|R)\$|\$|€|£|¥|₹|₩|₽|人民币|(?<![A-Za-z])Rs\.?(?=\s?[0-9])"
    r"|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|HKD|SGD|AUD|CAD|NZD|TWD|KRW|INR|CHF)(?![A-Za-z])"
)


def is_money(unit: str | None) -> bool:
    """Whether a figure's unit is a currency (an ISO 4217 code: USD, CNY, JPY ...)."""
    return bool(unit) and len(unit) == 3 and unit.isalpha() and unit.isupper()


CURRENCY_CODES = {"US$": "USD", "$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "RMB": "CNY"}
CURRENCY_CODES |= {"人民币": "CNY", "¥": "JPY"}  # ¥ is read as CNY when lang == "zh"
CURRENCY_CODES |= {"S$": "SGD", "A$": "AUD", "C$": "CAD", "NZ$": "NZD", "NT$": "TWD", "R$": "BRL"}
CURRENCY_CODES |= {"₹": "INR", "Rs": "INR", "Rs.": "INR", "₩": "KRW", "₽": "RUB"}
# Currencies named in words after the number. A dollar named by its country comes before the plain
# "dollars" of USD: "50 billion Singapore dollars" was a count of "Singapore dollars" before.
CURRENCY_SUFFIX = re.compile(
    # "8 bucks" is money (realtext3 dev class F1: it came out as a count of bucks), lower case only
    # (the Bucks are a team). Adjectival "-dollar" is not read: "a 20-dollar bill" names a note.
    r"""\s*(?:
        (?P<SGD>(?i:Singapore\s+dollars?)\b|SGD\b|シンガポールドル|新加坡元|新元|新币)
      | (?P<AUD>(?i:Australian\s+dollars?)\b|AUD\b|豪ドル|オーストラリアドル|澳元)
      | (?P<CAD>(?i:Canadian\s+dollars?)\b|CAD\b|カナダドル|加元|加拿大元)
      | (?P<NZD>(?i:New\s+Zealand\s+dollars?)\b|NZD\b|NZドル|纽元)
      | (?P<TWD>(?i:(?:New\s+)?Taiwan(?:ese)?\s+dollars?)\b|TWD\b|台湾ドル|新台币|台币)
      | (?P<HKD>(?i:Hong\s+Kong\s+dollars?)\b|HKD\b|香港ドル|港元|港币)
      | (?P<USD>(?i:(?:US|U\.S\.|American)\s+dollars?|dollars?)\b|bucks?\b|USD\b|米ドル|ドル|美元|美金)
      | (?P<JPY>(?i:(?:Japanese\s+)?yen)\b|JPY\b|円(?![安高])|日元|日圆)
      | (?P<CNY>(?i:(?:Chinese\s+)?yuan|renminbi)\b|CNY\b|RMB\b|人民元|人民币|元)
      | (?P<EUR>(?i:euros?)\b|EUR\b|ユーロ|欧元)
      | (?P<GBP>(?i:(?:British\s+)?pounds?(?:\s+sterling)?)\b|GBP\b|ポンド|英镑)
      | (?P<KRW>(?i:(?:South\s+)?Korean\s+won|won(?=\s+\())\b|KRW\b|ウォン|韩元)
      | (?P<INR>(?i:(?:Indian\s+)?rupees?)\b|INR\b|ルピー|卢比)
      | (?P<RUB>(?i:(?:Russian\s+)?r[ou]ubles?)\b|ルーブル|卢布)
      | (?P<CHF>(?i:Swiss\s+francs?)\b|CHF\b|スイスフラン|瑞士法郎)
      | (?P<BRL>(?i:(?:Brazilian\s+)?reais)\b|レアル|雷亚尔)
      | (?P<MXN>(?i:Mexican\s+pesos?)\b)
      | (?P<PHP>(?i:Philippine\s+pesos?)\b)
      | (?P<ZAR>(?i:South\s+African\s+rand|rand)\b)
      | (?P<TRY>(?i:(?:Turkish\s+)?liras?)\b)
      | (?P<ILS>(?i:(?:Israeli\s+)?(?:new\s+)?shekels?)\b)
      | (?P<SAR>(?i:(?:Saudi\s+)?riyals?)\b)
      | (?P<AED>(?i:(?:UAE\s+|Emirati\s+)?dirhams?)\b)
      | (?P<NGN>(?i:naira)\b)
      | (?P<IDR>(?i:rupiah)\b)
      | (?P<THB>(?i:baht)\b|バーツ|泰铢)
      | (?P<MYR>(?i:ringgit)\b)
      | (?P<UAH>(?i:hryvnias?)\b)
      | (?P<PLN>(?i:zlot(?:y|ys|ych))\b)
      | (?P<SEK>(?i:(?:Swedish\s+)?kronor)\b)
    )""",
    re.X,
)
# Plain "pounds" a few words after a verb of weight is a weight, no GBP (GUIDE: weights are no
# figures): "had to shed 15 pounds", "lost over 40 pounds", "gained nine pounds"; only unscaled, as
# "lost 40 million pounds" is money. "£", "pounds sterling" and "British pounds" stay GBP.
WEIGHT_BEFORE = re.compile(
    r"\b(?i:shed(?:s|ding)?|los(?:e|es|ing|t)|gain(?:s|ed|ing)?|weigh(?:s|ed|ing|t)?|put(?:s|ting)?\s+on)\b"
    r"(?:\s+[\w-]+){0,3}\s*$"  # a few words on: "lost over 40 pounds", "his weight rose by 10 pounds"
    # a player's height then weight: "6-foot-2, 210 pounds", "is 5-11 and 180 pounds" (no GBP)
    r"|\b[4-7]-(?:(?i:foot|feet)(?:-(?:[0-9]|1[01]))?|(?:[0-9]|1[01]))\b,?\s+(?:and\s+)?$"
)
PLAIN_POUNDS = re.compile(r"\s*(?i:pounds?)")
# A hundredth of a dollar: "35 cents per container" is 0.35 USD ("per cent" is a percent, read first).
CENTS = re.compile(r"\s?(?:¢|(?i:cents?)\b)")
# A hundredth of a pound: "a 5p charge", "fell 12p to 340p", "50 pence" (British pages; found probing
# news-shaped sentences: "It costs 99p." held no figure). Not a time ("3p.m."), nor a video's lines or
# frames: "1080p", "720p", and "60p" in a sentence about video ("4K at 60p", "24p footage").
PENCE = re.compile(r"p(?![\w/@'’-]|\.\s?m\b)|\s?(?i:pence)\b")
_VIDEO_LINES = {144, 240, 360, 480, 540, 576, 720, 1080, 1440, 2160, 4320}
_VIDEO_WORDS = re.compile(
    r"\b(?:[248]K|(?i:fps|frames?|video|footage|resolution|HDR?|progressive|streaming))\b"
)


def pence(norm: str, raw: float, glued: bool) -> bool:
    """Whether a number of value `raw` with a "p" (`glued`) or "pence" after it is an amount in pence."""
    return not glued or (raw not in _VIDEO_LINES and _VIDEO_WORDS.search(norm) is None)


RATIO_UNIT = re.compile(r"x(?![A-Za-z0-9])|\s?×|\s+(?i:times)\b|-?(?i:fold)\b|\s?倍")
COMPARATIVE = re.compile(
    r"\s+(?i:(?:more|less|slower|faster|larger|smaller|higher|lower|bigger|greater|cheaper|better|longer"
    r"|shorter|quicker|stronger)\b|as\s+(?:much|many|fast|large|big|high|powerful|efficient|expensive)\b)"
)
# "N times" with no comparison after it counts events ("skipped the vote four times last year",
# "booked seven times."): a frequency, no multiple. A whole number only: "1.7 times" is a ratio.
TIMES_WORD = re.compile(r"\s+(?i:times)\b")
FREQUENCY_AFTER = re.compile(
    r"\s*[.,;:!?)—–]|\s+(?i:last|this|that|next|in|since|during|a|an|per|each|every|so\s+far|already|before"
    r"|after|between|on|at|against|with|while|when|until|within|from|by|now|previously|in\s+total|and|or"
    r"|but|to|running|straight|overall|today|yesterday)\b"
)
# "twice" is "two times": a multiple before what it multiplies ("twice as many", "twice the price",
# "twice that amount"), a repetition before a time or at the end ("postponed the vote twice.",
# "twice last week", "twice that year"); the test after it is FREQUENCY_AFTER's.
TWICE_MULTIPLE_AFTER = re.compile(
    r"\s+(?i:as|the|what|its|their|his|her|our|my|your|these|those"
    r"|(?:that|this)(?!\s+(?:year|month|week|day|season|morning|afternoon|evening|night|decade|quarter"
    r"|summer|winter|spring|fall|autumn|time)\b))\b"
)
# ... unless a verb of growth stands before it: "exports grew four times." is a multiple.
GROWTH_BEFORE = re.compile(
    r"\b(?i:grow\w*|grew|increas\w*|multipl\w*|expand\w*|balloon\w*|soar\w*|surg\w*)\s+(?:\w+\s+){0,3}$"
)
# "80-percent", "10-per-cent": car and tech pages join the percent with hyphens (realtext5 dev: lost).
PERCENT = re.compile(
    r"\s?(?:%|(?i:-?percent|-?per[\s-]cent|percentage\s+points?)\b|パーセント|个百分点|百分点)"
)
# Measures that are no figure of the contract (DESIGN.md's base units): durations, distances, areas,
# weights, volumes, speeds, temperatures, index points and sports statistics. The number before one
# is read, so that nothing inside it is read again, then dropped: "4.5 billion years", "200
# light-years", "fell 350 points" and "up to five years in prison" were all counts.
NOT_A_FIGURE = "measure"
# One modifier may stand between the number and its measure: "45 long minutes", "two full days",
# "100 metric tons" (realtext7 dev: metric tons and millimetres were counts), "3 power-play goals".
EN_MEASURE = re.compile(
    r"""\s+(?:(?i:straight|full|long|short|whole|entire|consecutive|more|extra|additional|solid
      |strong|scoreless|shutout|hitless|unanswered|league|career|international|metric
      |power-play|game-winning|go-ahead|empty-net|short-handed|own)\s+)?
    (?:(?i:square|sq\.?|cubic)\s+)?(?i:
        light[\s-]years?|(?:man|person)[\s-](?:hours|years)
      | seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|decades?
      | centuries|century|millenni(?:a|um)
      | miles?(?:\s+(?:per|an)\s+hour)?|(?:kilo|centi|milli)?met(?:er|re)s?|km|feet|foot|ft|inch(?:es)?
      | yards?|yds?|acres?|hectares?|mph|kph|km/h|knots?|degrees?
      | blocks?(?=\s+(?:from|away|north|south|east|west|up|down)\b)  # not "voting blocks", "blocks of flats"
      | (?:kilo|mega)?tons?|tonnes?|bushels?|kilograms?|kilos?|kg|grams?|ounces?|oz|lbs?
      | pounds?(?=\s+(?:of|overweight|underweight|heavier|lighter)\b)  # "64 pounds of plastic"
      | gallons?|lit(?:er|re)s?|barrels?|bpd
      | points?|pts?|(?:kilo|mega|giga|tera)?watt[\s-]hours?|[kMGT]Wh  # energy, no power
      | (?:kilo)?calories|kcal|(?:match|set|break|game|championship)\s+points?  # food energy; tennis
      | touchdowns?|TDs?|rebounds?|assists?|goals?|strikeouts?|innings|wickets?|homers?|home\s+runs
      | RBIs?|interceptions?|laps?|birdies|bogeys|hat[\s-]tricks?|shutouts|clean\s+sheets
      # A player's or a team's line: "struck out 11 batters", "in 20 league appearances", "two shots
      # behind the leader", "lead the division by three games" are sports statistics (GUIDE), no counts.
      # Shots and games only as a margin: "10 million shots" of vaccine, "82 games" on TV stay counts.
      # The singular too, a stat line's "1": "3 tackles and 1 sack", "1 catch for 12 yards" (round 11)
      | batters|hitters|appearances|caps|saves?|sacks?|tackles?|receptions?|steals?|strokes|doubles|triples
      | knockouts?|KOs|carr(?:y|ies)|catch(?:es)?|kills|digs|turnovers?|free\s+throws?|field\s+goals?
      | 3-pointers
      # "made 11 starts", "9 of 14 third downs" (round 10, made up); "1,200 starts in May" are houses
      | starts(?!\s+(?i:in|of)\b)|(?:first|second|third|fourth)\s+downs
      | three-pointers|victories|wins|losses|matches|penalties|sets(?!\s+of\b)
      | shots\s+on\s+(?:goal|target)
      | (?:shots?|games?)(?=\s+(?:behind|ahead|back|clear|off\s+the\s+(?:lead|pace))\b)
      | games?(?=\s+(?:over|under)\s+\.500)  # "5 games over .500": a record
      # Kitchen measures are volumes (GUIDE: volumes are no figure): "2 cups of flour", "1 teaspoon",
      # "1 scoop Shakeology" (realtext7 README's call: a false count in a meal plan, dev round 10).
      | teaspoons?|tablespoons?|tsp|tbsp|pints?|quarts?|cups?(?=\s+(?:of\s+)?(?-i:[a-z]))
      | scoops?(?=\s+(?:of\s+)?[A-Za-z])
      # "earns six figures", "a seven figures salary": the vague sum that "six-figure" is (NOT_ADJECTIVAL);
      # "six figures were arrested", "six opposition figures" stay counts of people.
      | figures(?=\s*(?:[.,;:!?)]|$|\s+(?i:salary|salaries|income|sum|sums|range|deal|contract|pay)\b))
    )(?![\w-])""",
    re.X,
)
# ... except an election or poll margin, which is in percentage points (GUIDE, realtext3/4 READMEs):
# "lost the runoff by four points", "won them by 12 and 15 points", "a lead of six points", "about 8
# points behind the incumbent", "nine points ahead in the polls". A verb of winning or leading with
# "by", or "behind"/"ahead" after the points, says so, unless an index or a game is near ("the Dow
# lost 500 points", "won the game by 12 points").
POINTS = re.compile(r"\s+(?i:points?)\b")
_MARGIN_BEFORE = re.compile(
    r"(?i:\b(?:w[io]ns?|winning|lost|los(?:e|es|ing)|beat(?:s|ing)?|defeat(?:s|ed|ing)?|lead(?:s|ing)?|led"
    r"|trail(?:s|ed|ing)?|carr(?:y|ies|ied|ying)|ahead|behind|up|down)\b[^.;:!?]{0,30}?\bby"
    r"|\b(?:lead|margin|edge|advantage|deficit)\s+of)\s+[^.;:!?]{0,25}$"
)
_MARGIN_AFTER = re.compile(
    r"\s+(?i:behind|ahead)\b|\s+(?i:(?:up|down)\s+)?(?:in|among)\s+(?:the\s+|a\s+|our\s+|their\s+)?(?i:polls?|surveys?)\b"
)
_NO_MARGIN = re.compile(
    r"(?i)\b(?:dow|nasdaq|s&p|index|indexes|indices|stocks?|shares|markets?|games?|match|teams?|season"
    r"|quarter|halftime|scor\w*|basketball|football|nba|nfl)\b"
)
MARGIN_REACH = 100  # characters around the figure that may name an index or a game


def poll_margin(norm: str, start: int, end: int) -> bool:
    """Whether the "points" of the number from `start` to `end` (its unit included) are a margin."""
    if not (_MARGIN_BEFORE.search(norm, max(0, start - 70), start) or _MARGIN_AFTER.match(norm, end)):
        return False
    return _NO_MARGIN.search(norm[max(0, start - MARGIN_REACH) : end + MARGIN_REACH]) is None


# 年 after a number that is no calendar year ("懲役5年", "45亿年"), months (not 5月, a date), weeks,
# days, hours, ages, distances, weights; 円安/円高 is an index move in yen; ポイント an index point.
CJK_MEASURE = re.compile(
    r"年(?!代|度)|(?:个|ヶ|か|カ|ヵ|箇)月|週間|周|日間|天|時間|小时|个小时|分钟|分間|秒|歳|岁|光年"
    r"|キロメートル|キログラム|メートル|マイル|公里|千米|英里|米(?!ドル)|平方|公顷|ヘクタール|トン|吨|公斤|グラム|克"
    r"|度|ポイント|円[安高]"
)
# A basis point is a hundredth of a percentage point: "raised rates by 75 basis points" = 0.75 %.
# A fraction of a percentage point: "a quarter-point rate cut", "raised rates by half a percentage
# point", "a quarter of a point" (realtext7 README: "a quarter-point" = 0.25 %, a fraction of a unit word
# being exact; found probing: no figure, or "a quarter" read as a ratio). A bare "point" only in a
# sentence about rates or yields: "a half-point lead" in a chess table is none.
POINT_WORD = re.compile(r"(?:[ -]|\s+(?:of\s+)?an?\s+)(?P<pct>percentage[ -])?points?\b", re.I)
_RATE_WORDS = re.compile(
    r"\b(?:rates?|yields?|Fed|Federal\s+Reserve|central\s+bank|interest|mortgages?|inflation|bonds?"
    r"|Treasur(?:y|ies))\b",
    re.I,
)


def point_fraction(norm: str, word: str, point: re.Match[str]) -> float | None:
    """The percent that a fraction word (`word`) before a "point" (`point`) states, or None when the
    sentence is not about rates ("a half-point lead")."""
    if point.group("pct") is None and _RATE_WORDS.search(norm) is None:
        return None
    return 0.5 if word.lower() == "half" else FRACTION_WORDS[re.sub(r"[ -]+", " ", word.lower())]


BASIS_POINTS = re.compile(r"\s?(?:(?i:basis\s+points?)\b|bps?\b|ベーシスポイント|个基点|基点)")
# 割 is a tenth (6割 = 60%, 3割5分 = 35%); not 割合 (share), 割れ/割る/割り込む (falling below, dividing).
WARI = re.compile(r"割(?![合れるりら込])(?:([0-9一二三四五六七八九])分)?")
SI = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
SI_WORDS = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
SI_WORDS |= {"キロ": "k", "メガ": "M", "ギガ": "G", "テラ": "T", "ペタ": "P", "エクサ": "E"}
SI_WORDS |= {"千": "k", "兆": "M", "吉": "G", "太": "T"}  # Chinese 千瓦, 兆瓦 (兆 is mega here, not 1e12)
# Symbol prefixes only combine with symbols (kW, PFLOPS, GiB), word prefixes with words (petaflops).
# A word prefix takes the singular as a modifier too: "10.7 teraflop hardware" (realtext7 dev).
PHYSICAL = re.compile(
    r"""\s?(?:
        (?P<sym>[kKMGTPE])(?P<bin>i)?(?P<symbase>B/s|Bps|B|W|FLOPS|FLOPs|FLOP/s|flops)
      | (?P<word>(?i:kilo|mega|giga|tera|peta|exa))-?
        (?P<wordbase>(?i:bytes?\s+per\s+second|bytes?/s|bytes?|watts?|flops?|flop/s))
      | (?P<kana>キロ|メガ|ギガ|テラ|ペタ|エクサ)\s?
        (?P<kanabase>バイト/秒|バイト|ワット|フロップス|FLOPS|FLOPs|flops|B/s|B|W)
      | (?P<zh>千|兆|吉|太)?(?P<zhbase>瓦)(?![时時])  # not 千瓦时 (kWh, an energy)
      | (?P<plain>W|(?i:watts?|flops|bytes)|FLOP/s|ワット|バイト|フロップス)
    )(?![A-Za-z0-9])(?![\s-]+(?i:hours?)\b)  # "kilowatt-hours" are an energy""",
    re.X,
)
# A rate written apart from its byte unit: "4 TB per second", "4 TB/sec"; "毎秒4テラバイト" (before).
PER_SECOND_AFTER = re.compile(r"\s?/\s?(?:s|sec)\b|\s+(?i:per\s+second|a\s+second)\b|\s?/秒")
PER_SECOND_BEFORE = re.compile(r"(?:毎秒|每秒)\s?$")
# "毎秒", "每秒可进行", "每秒约": a second's operations, a few characters before the number.
_OPS_PER_SECOND_BEFORE = re.compile(r"(?:毎秒|每秒)[^0-9、。，,]{0,4}$")
# No rate of requests or trades comes near a trillion a second.
_OPS_MIN = 1e12
COUNTER = re.compile(r"ラック|カ国|か国|ヶ国|個|个|台|枚|件|人|社|点|家|名|颗|块|张|套|基|款|项")
# A generic chip noun glued to the count it precedes: 「GPU72個」 (a model name such as H20 is not one).
GLUED_CHIP_NOUN = re.compile(r"(?<![A-Za-z0-9])(GPU|CPU|NPU|TPU|DPU)$")

# Counts whose noun does not follow the number. A partitive: "120 of our clinics", "900 of which";
# not "one of the biggest" (an idiom) nor "page 5 of the report" (a numbered thing).
# "384 of Huawei's Ascend 910C accelerators": a company's possessive is a determiner too (blind class C),
# a person's full name and title too ("14 of Utah Gov. Ann Lee's staffers": realtext4 dev).
PARTITIVE = re.compile(
    r"\s+of\s+(?:(?P<det>the|our|its|their|his|her|these|those|your|my"
    r"|(?:[A-Z][\w&-]*\.?\s+){0,4}[A-Z][\w&-]*['’]s(?=\s))|them|whom|which|us|you)"
    r"(?:\b|(?<=s))",
    re.I,
)
# The whole that a partitive names by a number: "of her last 5", "of the past 10" (quantities).
PART_OF_NUMBER = re.compile(r"(?i:\s+(?:last|first|next|past|previous|final))?\s+[0-9]+(?![0-9.,])")
# Digits glued to letters are model numbers (GB200, H20, NVL72, 910C); "1.2.3" is a version.
# "F-35", "I-95", "COVID-19", "MiG-29": a capitalised word and a hyphen make a name ("mid-2025" stays).
# After digits and a slash the number is the second half of "24/7", "9/11", "3/4": never a count; nor
# after a glued offer or series: "a 2-for-1 deal", "3-for-2 deals", "a 2-of-3 series" (found probing
# news-shaped sentences: counts of "deal ends", "deals", "series"); "2-to-3 percent" is a range.
GLUED_BEFORE = re.compile(
    r"[A-Za-z_0-9.]$|[0-9]/$|[0-9][-–](?i:for|of)[-–]$|\b(?!(?:Pre|Post|Mid|Early|Late)-)[A-Z][A-Za-z]*-$"
)
# Names that a number completes: products ("Boeing 737 jets", "Windows 11 users"), indexes and lists
# ("Fortune 500 companies", "S&P 500", "Russell 2000" is no year), bills, routes and numbered things;
# kinds ("Type 2 diabetes") and variants ("737 MAX 9 carries").
NAME_BEFORE = re.compile(
    r"(?:\b(?:CloudMatrix|Atlas|Ascend|Kunpeng|NVL|RTX|GB|H|B|Model|iPhone|iPad|Galaxy|Pixel|Windows|Xbox"
    r"|PlayStation|Boeing|Airbus|Apollo|Falcon|Soyuz|Fortune|Inc\.|Global|FTSE|Nasdaq|Russell|Nikkei|Stoxx"
    r"|DAX|CAC|Kospi|TOPIX|Sensex|Nifty|Formula|Route|Highway|Interstate|Flight|Article|Section|Chapter"
    r"|Title|Amendment|Proposition|Prop\.|Measure|Resolution|Bill|Level|Phase|Stage|Category|Class|Grade"
    r"|Channel|Platform|Gate|Terminal|Room|District|Ward|Precinct|Week|Game|Round|Series|Version|Vol\.|No\."
    r"|Type|MAX"
    r"|Nos\.|H\.\s?R\.|H\.\s?Res\.|S\.\s?Res\.)|S&P|(?<![A-Za-z.])S\.|#)\s*$"
)
# A word before a number that makes it a label or a name, not a count: "page 5", "step 3", "size 12
# shoes", "in week 3", "phase 3 trials", "near mile marker 45", "group 2 cells", "category 4 storms"
# (GUIDE: names and identifiers; realtext7 dev: a count of 2 cells), in lower case as the capitalised
# ones (NAME_BEFORE: "Gate 12", "Chapter 11") are.
_LABEL_WORD = re.compile(
    r"\b(?i:(?P<word>page|pages|step|figure|table|part|item|point|paragraph|slide|episode|season|day|act"
    r"|clause|line|count|question|rule|row|column|number|no\.|exhibit|appendix|annex|tier|volume|edition"
    r"|lot|box|size|hole|gate|platform|room|exit|seat|aisle|lane|pier|track|bus|train|route|chapter"
    r"|section|article|week|game|round|stage|phase|level|grade|mile\s+marker|channel|version|group|type"
    r"|category))\s+$"
)
# ... unless the word is a verb: "plans to train 500 workers", "can seat 40 people", "will stage 12
# concerts"; or a determiner or possessive makes it a plain noun: "the day 40 people died", "at one
# point 300 protesters", "by my count 12 senators", "a room 40 people share". A size keeps its
# possessive: "her size 8 jeans" is a label. "to" is read as a verb's only before a word that is
# mostly a verb: "Listen to episode 42", "turn to page 5" are labels.
_LABEL_VERB_BEFORE = re.compile(r"\b(?i:will|would|can|could|may|might|must|shall|should|'ll)\s+$")
_LABEL_INFINITIVE = re.compile(
    r"(?i:seat|stage|train|track|exit|table|count|number|rule|box|line|act|figure|grade|question|route|bus"
    r"|group|type)"
)
_TO_BEFORE = re.compile(r"\b(?i:to)\s+$")
# A time word before it counts as a determiner: "Last week 300 workers were laid off", "the first day
# 300 people lined up", "all day 300 volunteers" (a time, not "week 3" or "day 3").
_LABEL_DETERMINER_BEFORE = re.compile(
    r"\b(?i:the|a|an|this|that|these|those|one|some|any|each|every|no|which|what|another|my|your|his|her"
    r"|its|our|their|all|last|next|past|previous|same|following|final|whole|entire|single|opening|closing"
    r"|first|second|third|fourth|fifth)\s+$"
)


def label_before(norm: str, start: int) -> bool:
    """Whether the word right before the number at `start` labels it ("page 5", "phase 3 trials")."""
    m = _LABEL_WORD.search(norm, max(0, start - 20), start)
    if m is None or _LABEL_VERB_BEFORE.search(norm, max(0, m.start() - 8), m.start()):
        return False
    verb = _LABEL_INFINITIVE.fullmatch(m.group("word"))
    if verb and _TO_BEFORE.search(norm, max(0, m.start() - 4), m.start()):
        return False
    determined = _LABEL_DETERMINER_BEFORE.search(norm, max(0, m.start() - 12), m.start())
    return determined is None or m.group("word").lower() == "size"


# A comparison of counts: "lists 73412 more than the old roll" (GUIDE: the count N, exact).
MORE_THAN_AFTER = re.compile(r"\s+(?i:more|fewer)\s+than\b")
# The noun of an earlier count, elided: "9 million homes, including 40,000 in Vermont", "fired 300
# workers in May and 12 in June".
# The old value of a change is a figure too (GUIDE: "from a to b" gives two figures): "won 52 seats,
# up from 48", "310 teachers, down sharply from 355".
ELIDED_BEFORE = re.compile(
    r"\b(?i:including|includ(?:es|ed)|among\s+them|and|or|but|while|versus|vs\.?|compared\s+(?:with|to)"
    r"|against|(?:up|down)\s+(?:[a-z]+ly\s+)?from)\s+$"
)
# ... or as the object that ends a later clause of possession after a clause break: "employed 4,800
# nurses a decade ago; today it employs 3,100", "Instead of 90,000 visitors a month, the museum now
# gets 40,000". Narrow on purpose: bare numbers are usually no figures.
ELIDED_OBJECT_BEFORE = re.compile(
    r"[;,][^;,]*\b(?i:has|have|had|gets?|got|employs?|employed|houses?|housed|holds?|held)\s+"
    r"(?:(?i:only|just)\s+)?$"
)
# ... or as the subject of a plural passive or perfect verb, at the opening of a clause: "And more
# than 2,000 have been arrested", "in fact, nearly 600 were evacuated", "we think maybe 300 are tied
# to tourism" count the people or things the sentence is about. The clause must open right before
# the number (and its hedge), so "Americans over 65 are covered" stays an age, and the verb must
# follow at once (", 85, died" is an apposition).
_PARTICIPLE = (
    r"[a-z]+ed|shot|slain|hurt|born|taken|held|left|kept|lost|sent|found|given|caught|beaten|brought|driven"
    r"|thrown|hit|sold|bought|built|paid|made|put|cut|laid|seen|known|told|stolen|struck|spent|fed|led|won"
    r"|drawn|grown|chosen|dead|missing"
)
PLURAL_VERB_AFTER = re.compile(
    rf"\s+(?i:(?:have|had)\s+(?:(?:already|all|now|since|reportedly)\s+)?(?:been\s+(?:[a-z]+ly\s+)?(?:{_PARTICIPLE})|died)"
    rf"|(?:were|are)\s+(?:(?:already|all|now|still|reportedly|[a-z]+ly)\s+)?(?:{_PARTICIPLE})|died|perished)\b"
)
# A verb of saying or reporting in any form opens a content clause: "reports suggesting as many as
# 200 have been killed" (realtext5 dev: the count was lost after "suggesting").
CLAUSE_OPENING = re.compile(
    r"(?:\A|[,;:(—–]|--|\b(?i:and|but|or|so|yet|that|while|where|whereas|when|because|since|think|thinks"
    r"|believe[sd]?|believing|estimate[sd]?|estimating|say|says|said|saying|suggest(?:s|ed|ing)?"
    r"|show(?:s|ed|ing)?|report(?:s|ed|ing)?|claim(?:s|ed|ing)?|fear(?:s|ed|ing)?|indicat(?:e|es|ed|ing)))\s*\Z"
)
# "at least one juror", "at least one armed guard": a bounded count of one (realtext4 README), not
# the determiner of a plain "one juror"; "at least one of them" is a pronoun (a partitive, read first).
AT_LEAST_BEFORE = re.compile(r"\b(?i:at\s+least)\s+$")
WORD_AFTER = re.compile(r"\s+([a-z][a-z'’-]*)")
# "a family of five", "a mother of three", "the father of two" count people (GUIDE's judgement calls).
# So do group nouns that say what a whole number counts (realtext5 README: "the field of 20" teams;
# realtext5 dev: that and "an estimate of about 660,000" people missed): "a crowd of 12,000", "a
# total of 340", "the death toll of nearly 90", "a team of 15".
FAMILY_OF_BEFORE = re.compile(
    r"\b(?i:famil(?:y|ies)|(?:grand)?(?:mother|father|parent)s?|mom|dad|crowds?|fields?|totals?|tall(?:y|ies)"
    r"|tolls?|estimates?|teams?|squads?|staffs?|workforces?|fleets?|groups?|cohorts?|rosters?"
    # "a crew of 25", "a population of 8,000", "an enrollment of 1,200" (made up, round 10)
    r"|crews?|populations?|enrol?lments?|memberships?|audiences?|congregations?|contingents?|delegations?)\s+of\s+$"
)
# "let visitors in 50 at a time": a batch of what the clause moves, counted (realtext dev round 5);
# not "at a time when" (a date).
AT_A_TIME_AFTER = re.compile(r"\s+(?i:at\s+a\s+time)\b(?!\s+(?i:when|of|like|that|where)\b)")
CLAUSE_END = re.compile(r"\s*(?:[.;!?]|$)")
# "Of the two, only Steyer ...", "when the two were on the ground": a group of people or things named
# by its size is a count (realtext5 README; realtext5 dev: two missed). Only a spelled-out number
# after the determiner, and only before a clause break or a verb: "the 405" is a road, "the five
# o'clock news" and "the seven deadly sins" name something.
# A word or two may stand between: "the other four", "the remaining three", "the newly selected five",
# and "all but four" (realtext7 README's group references; realtext7 dev: one lost). Not "the last
# two" or "the first three" (games or years of a streak).
GROUP_BEFORE = re.compile(
    r"\b(?P<det>(?i:the|these|those|all))\s+(?:(?i:but|other|remaining|surviving)\s+|(?:[a-z]+ly\s+)?[a-z]+ed\s+)?$"
)
GROUP_AFTER = re.compile(
    r"\s*(?:[,.;:!?)—–]|--|$)|\s+(?:[a-z]+ed|were|are|have|had|has|will|would|could|can|should|may|might"
    r"|must|did|do|who|whom|together|also|then|still|both|never|each|went|met|said|say|spoke|sat|got"
    r"|became|remain|shared?|fought|took|began|left|won|lost|ran)\b"
)
# A relative clause says a bare number counts people or things: "selected from eight that submitted
# proposals", "the 300 who volunteered" (realtext5 dev: a count missed). "that" only before a past
# form, so "at 5 that afternoon" stays a time.
RELATIVE_AFTER = re.compile(r"\s+(?:who\b|that\s+[a-z]+ed\b)")
# "won 4-1 in front of 15,522": an attendance counts the crowd (realtext5 README; realtext5 dev: lost).
# From 100 up and not before a capitalised word: "in front of 1600 Pennsylvania Avenue" is an address.
CROWD_BEFORE = re.compile(r"\b(?i:in\s+front\s+of)\s+$")
CROWD_MIN = 100


def unnamed_group(norm: str, start: int, end: int, raw: float) -> bool:
    """Whether the bare whole number from `start` to `end` counts a group that no noun after it names:
    "Of the two, ...", "the 300 who volunteered", "in front of 15,522"; "page 5 that listed" is a
    numbered thing."""
    if raw <= 1 or raw != int(raw):
        return False
    group = GROUP_BEFORE.search(norm, max(0, start - 32), start)
    # digits only after a pointing determiner: "These 11 were chosen", "all 33 survived" (realtext7
    # README's group references); "the 405 was closed" is a road
    digits_ok = group is not None and group.group("det").lower() != "the"
    if group and (norm[start].isalpha() or digits_ok) and GROUP_AFTER.match(norm, end):
        return True
    if raw >= CROWD_MIN and CROWD_BEFORE.search(norm, max(0, start - 14), start):
        return re.match(r"\s+[A-Z]", norm[end : end + 2]) is None
    return RELATIVE_AFTER.match(norm, end) is not None and not label_before(norm, start)


# A list of bare numbers takes the unit of its last member: "2 or 3 percent", "5, 8, 12 percent".
LIST_SEP = re.compile(r"\s*,\s*(?:(?i:or|and)\s+)?|\s+(?i:or|and)\s+")


# An adjectival count, glued to its noun by a hyphen before the noun it describes: "a 180-seat
# plane", "a five-member commission", "a nine-letter word" count seats, members, letters (GUIDE's
# judgement calls: "six-word", "200-seat"). Not a measure ("a 10-minute speech", "a 12-year-old"), a
# currency or percent, a participle ("two-pronged"), a fraction ("two-thirds"), nor the words below:
# ratings and heights ("five-star", "three-story"), repetitions ("three-time"), vague amounts
# ("six-figure", "30-something"), units outside the contract ("a 12-volt battery"), and a wheel's design
# ("five-spoke wheels": realtext7 README, no figure).
# After "a"/"an" the hyphen may be left out: "a 180 page report", "a two pet maximum" (realtext5
# README: "180 page"); the noun after it is then a lower-case word, and three digits or more that
# do not end in 0 are a model ("a 737 passenger jet", "a 911 sports car").
ADJECTIVAL_NOUN = re.compile(r"(?:-|(?P<spaced> ))([a-z]{3,})(?=\s+[‘'“\"]?([A-Za-z]+))")
_ARTICLE_BEFORE = re.compile(r"\b(?i:a|an)\s+$")
_MODEL_DIGITS = re.compile(r"[0-9]{2,}[1-9]")
NOT_ADJECTIVAL = re.compile(
    r"(?:time|times|fold|star|story|storey|figure|digit|something|some|odd|ish|plus|old|way|term|pointer"
    r"|peat|nil|run|pound|volt|amp|watt|horsepower|calorie|bit|byte|pixel|megapixel|gauge|caliber|thirds?|spoke"
    r"|half|halves|quarters?|\w+ths?|\w{3,}ed|\w{3,}ing)"
)


def adjectival_noun(norm: str, start: int, pos: int) -> tuple[str, int] | None:
    """The noun of an adjectival count at `pos` ("-seat" of "a 180-seat plane", the number from
    `start`) and its end."""
    m = ADJECTIVAL_NOUN.match(norm, pos)
    if m is None or m.group(3).lower() in NOUN_STOP:
        return None
    if m.group("spaced") and (
        not _ARTICLE_BEFORE.search(norm, max(0, start - 4), start)
        or not m.group(3).islower()
        or _MODEL_DIGITS.fullmatch(norm, start, pos)
    ):
        return None
    word = m.group(2)
    if any(unit.match(f" {word}") for unit in (EN_MEASURE, CURRENCY_SUFFIX, CENTS, PERCENT)):
        return None
    if NOT_ADJECTIVAL.fullmatch(word) or word in NOUN_STOP or word in WORD_VALUES or word in SCALES:
        return None
    return word, m.end()


def per_second_before(norm: str, floor: int, start: int) -> int | None:
    """Where a "毎秒"/"每秒" written right before `start` begins, if there is one."""
    m = PER_SECOND_BEFORE.search(norm, max(floor, start - 3), start)
    return None if m is None else m.start()


def ops_per_second(norm: str, start: int, pos: int, value: float, lang: str) -> bool:
    """Whether the number at `start` with value `value`, its counter 回/次 at `pos`, counts
    operations a second, which are compute ("毎秒30京回", "每秒30亿亿次浮点运算"; blind4 dev class:
    the factor-ten slip "毎秒3京回" was no figure)."""
    return (
        lang in ("ja", "zh")
        and norm.startswith(("回", "次"), pos)
        and value >= _OPS_MIN
        and _OPS_PER_SECOND_BEFORE.search(norm, max(0, start - 8), start) is not None
    )
