"""The words by which an article refers back to what it named: generic nouns of a kind ("the
system", 该芯片, 同システム), pronouns and possessives, Japanese topics and Chinese openings on a
measure, and the markers of a per-part or per-whole figure ("per GPU", 1ラックあたり). nlp.discourse
reads sentences with them. Pure regular expressions.
"""

from __future__ import annotations

import re

# A comma, semicolon or full stop in either script: where a clause of a sentence ends (a figure's
# own clause in nlp.measure_words, a later clause's names in nlp.subjects).
CLAUSE_BREAK = re.compile(r"[,;，；。、]")

# Generic nouns that stand for an entity of a kind. English: singular only ("Nvidia's chips" is
# the company's chips in general, "Nvidia's accelerator" one product).
EN_NOUNS = {
    "system": r"system|rack|supernode|super-node|cluster|machine|cabinet|server",
    "chip": r"chip|gpu|accelerator|processor|card",
    "org": r"company|firm|chipmaker|group|maker|vendor",
    "event": r"conference|summit|expo|exhibition|fair|forum|show|event",
}
CJK_NOUNS = {
    "system": r"システム|ラック|スーパーノード|クラスター|系统|机柜|超节点|集群|整机",
    "chip": r"チップ|GPU|アクセラレーター|プロセッサー|芯片|加速器|加速卡|处理器|显卡",
    "org": r"社|会社|公司|企业|厂商",
    "event": r"大会|峰会|博览会|展会|会議|博覧会|展示会|イベント",
}
KINDS = {"system": ("system",), "chip": ("chip", "family"), "org": (), "event": ()}
_NOUN_ALT = "|".join(EN_NOUNS.values())
_EN_ADJ = (
    r"(?:(?:new|newer|latest|flagship|top|fastest|biggest|own|current|whole|entire|full|same|rival|competing|"
    r"other|older|previous|[A-Z][\w-]*)\s+){0,2}"
)
RIVAL = re.compile(r"\b(?:rival|competing|other|older|previous)\b|競合|ライバル|对手|竞品")
EN_DESC = re.compile(
    rf"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]his\s+year['’]s|[Ee]ach|[Ee]very)\s+(?P<adj>{_EN_ADJ})"
    rf"(?P<noun>(?i:{_NOUN_ALT}))\b"
    r"(?!\s+(?:export|ban|industry|sector|market|makers?|war|curbs|controls|rules|stocks?|shares?|"
    r"trade|design|business|unit|division)\b)"
)
# "It draws…", "Compared with Y, it…", and after a leading conjunction: "But it draws…", "Yet
# its memory…" (blind3 dev class 1: three missed disagreements fell to the fallback subject).
EN_PRONOUN = re.compile(
    r"^(?:[^,]{0,40},\s*)?(?:(?:[Bb]ut|[Aa]nd|[Yy]et|[Ss]till|[Ss]o|[Nn]ow|[Aa]lso)\s+)?(?:[Ii]ts?\b|(?:That|This)"
    r"(?=\s+(?:is|was|means|puts|makes|equals|gives|would|comes|works|amounts|translates|represents)\b"
    r"|['’]s\b))"
)
EN_POSSESSIVE = re.compile(rf"^(?:['’]s)?\s+(?P<adj>{_EN_ADJ})(?P<noun>(?i:{_NOUN_ALT}))\b(?!-)")
# "Each chip" reads as the story's chip in English (EN_DESC); 每颗芯片, 单颗芯片, 各チップ did not, so
# a per-chip figure kept the rack's subject (各チップの消費電力 keyed as the rack's power) or none
# (made-up cases); 整个系统 is the whole system. Only before a chip or system noun: 各社 is "the
# companies", no one company.
_CJK_EACH = (
    r"(?:每颗|每块|每个|每台|每套|单颗|单块|单个|单台|各|整个|整套|整台|整)"
    rf"(?=(?:{CJK_NOUNS['chip']}|{CJK_NOUNS['system']}))"
)
CJK_DESC = re.compile(
    rf"(?:同|该|此|当該|この|その|这款|这套|这台|这颗|这一|本届|今回の|今年の|今年的|今年|{_CJK_EACH})"
    rf"(?P<noun>{'|'.join(CJK_NOUNS.values())}|製品|产品|機)"
    rf"|(?P<whole>システム|ラック)全体|(?P<it>其|它)"
)
CJK_POSSESSIVE = re.compile(
    rf"^(?:の|的)?(?:最新|新型|主力|旗艦|新款|旗舰|AI)?(?P<noun>{CJK_NOUNS['system']}|{CJK_NOUNS['chip']})"
)
# A sentence that opens on a measure ("Power draw is…", 消費電力は…, 功耗…) speaks of the topic.
EN_MEASURE_OPENING = re.compile(
    r"^(?:According\s+to\s+[^,]{1,40},\s*)?(?:(?:Its|The|Total|Peak|Overall|Aggregate|Combined)\s+)?(?:power(?:\s+(?:draw|consumption|use))?|memory(?:\s+capacity)?|"
    r"bandwidth|compute|performance|throughput|price|energy use|charge|write-?down|write-?off)\b",
    re.I,
)
# The chips in general, named by no product ("the restricted parts", 相关芯片, 同社製チップ): in a
# story about one maker's chips, that maker's (a smuggled value, a count of shipments).
EN_CHIPS = re.compile(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(?:chips|parts|gpus|GPUs|accelerators|processors|components)\b"
)
CJK_CHIPS = re.compile(r"(?:相关|这些|该批|涉案|上述|同社製の?|これらの)(?:芯片|GPU|产品|チップ|半導体|製品)")
# Generic nouns of a whole system, for the level a company's figure is at ("its new cluster").
SYSTEM_NOUN = re.compile(rf"(?i:\b(?:{EN_NOUNS['system']})s?\b)|{CJK_NOUNS['system']}")
# Chinese zero subject opening on a measure ("算力为GB200 NVL72的1.7倍", "其功耗约559千瓦").
ZH_MEASURE_OPENING = re.compile(
    r"^(?:据[^，。]{1,20}?(?:称|报道|透露|表示)，)?(?:其|整体|总)?(?:算力|性能|功耗|能耗|耗电|内存|显存|带宽|售价|价格)"
)
# A pronoun inside an English sentence ("Benchmarks show it finishing jobs 40% faster than …").
EN_INNER_PRONOUN = re.compile(r"(?<=\s)(?:it|its)\b")
JA_TOPIC = re.compile(r"([^\s、。，,「」（）()]{1,12}?)(?:は|も)")
MEASURE_NOUN = re.compile(
    r"演算|性能|処理能力|計算|電力|消費|メモリ|容量|帯域|価格|値段|コスト|算力|功耗|内存|带宽|价格|售价"
    # A company's market figures as the topic ("初日の終値は…425％高", "時価総額は…", "調達額は"):
    # the company the article's topic is (blind7 dev: a listing's first-day gain fell back to
    # the story's entity and keyed nothing; made-up cases). Not its takings (売上, 利益, 損失):
    # carried, they cost blind7's held-out half a cluster pair and two false disputes.
    r"|終値|株価|時価総額|調達額|評価額"
)
# A price said per card or chip: "paid $30,000 per card", "$28,000 apiece", 每张卡, 1枚あたり.
PER_CARD = re.compile(
    r"(?i)\bper\s+(?:card|chip|gpu|accelerator|processor|unit)\b|\bapiece\b|每张|每颗|每块|1枚あたり|1個あたり"
)
# A part counted as the topic ("光トランシーバーは約5000個"): the story's system holds them (blind3
# dev round 4: the count got no subject, 3 cross-language links missed).
PART_NOUN = re.compile(r"光トランシーバ|光モジュール|チップ|プロセッサ|ケーブル|GPU|CPU|NPU")
# Counted people and sessions of an event ("800 exhibitors", 来場者は2万人, 20多个分论坛), and
# those taking part ("800 companies took part", 逾800家企业参展): in a sentence naming nothing, the
# event the story is about is what they are counted at (beat classes B5 and F).
EVENT_COUNT = re.compile(
    r"\b(?:visitors?|attendees?|exhibitors?|speakers?|participants?|delegates?|guests?|booths?|"
    r"forums?|sessions?|attendance|exhibit(?:s|ed|ing)?|show\s+floor)\b|\b(?:took|take|taking)\s+part\b"
    r"|参展|参会|来場者|来場|出展|参加者|登壇者|観客|"
    r"观众|参观者|参展商|展商|嘉宾|分论坛|论坛|展位|参会者|人次",
    re.I,
)
# A sentence on hardware: what a pronoun in it refers to is a product, not an event.
HARDWARE_TALK = re.compile(
    r"\b(?:chips?|gpus?|npus?|processors?|accelerators?|racks?|exaflops|petaflops|teraflops|flops|kw|kilowatts?"
    r"|megawatts?|watts?|memory|bandwidth|compute|computing\s+power|performance)\b",
    re.I,
)
# Per-part and per-whole wording around a figure ("1.7 kW per GPU", "128 GB each", 每颗芯片).
PER_PART = re.compile(
    r"\b(?:per|each|a|every|one|single)[\s-]+(?:chip|gpu|accelerator|processor|card)\b|\bper-(?:chip|gpu)\b"
    # "Each of the 384 Ascend 910C chips in the CloudMatrix 384 delivers 780 TFLOPS"
    r"|\b(?:each|every\s+one)\s+of\s+(?:the|its|their)\s+(?:[\w,-]+\s+){0,4}?(?:chips|gpus|accelerators|processors|cards)\b"
    r"|(?:チップ|GPU|プロセッサー)?1(?:個|基|枚)?あたり|1チップあたり|チップ単体|単体で|每颗|每块|每个芯片|单颗|单卡|单芯片|单个芯片",
    re.I,
)
PER_WHOLE = re.compile(
    r"\b(?:per|each|a|every|the whole|the entire|one)\s+(?:rack|system|supernode|cabinet|cluster)\b"
    r"|\brack-level\b"
    r"|1ラックあたり|ラック全体|システム全体|ラック1台あたり|整机柜|每个机柜|每台|整个系统|整套系统",
    re.I,
)
PHYSICAL_UNITS = {"FLOPS", "W", "B", "B/s"}
PHYSICAL_MEASURES = {"compute", "power", "memory", "bandwidth"}
