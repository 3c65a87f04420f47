"""Physical units outside the figure contract that `units.EN_MEASURE` does not list: brightness,
sound, electricity, small masses and lengths, jewel weights, image sizes, rates per second or
minute, concentrations, torque and bit rates. A number before one is a measure, never a count (DESIGN.md's
base units; GUIDE: weights, volumes and other measures are no figures; realtext7 dev: measures read
as counts). Pure stdlib; `nlp.atoms` reads it beside EN_MEASURE.
"""

from __future__ import annotations

import re

# "1,200 nits", "12 carats", "90 decibels", "20 volts", "48 megapixels", "250 milligrams",
# "7 nanometer", "2.5 microns", "415 parts per million", "120 beats per minute", "60 frames per
# second", "800 lumens", "400 Newton meters". Counted things that share a stem stay counts: "3
# microphones", "60 frames" of film without "per second", "300 amps" (amplifiers: the current is
# written "amperes").
OTHER_MEASURE = re.compile(
    r"""\s+(?i:
        nits|carats?|karats?|decibels?|dBA?|volts?|amperes?|milliamps?|mAh|ohms?|lumens?|lux
      | (?:mega)?pixels?(?=\s+(?:per|camera|sensor|resolution)\b)|megapixels?
      | (?:milli|micro|nano)(?:grams?|lit(?:er|re)s?|met(?:er|re)s?)|microns?|mcg|nm
      | parts\s+per\s+(?:million|billion)|ppm|ppb|mmHg
      | (?:beats|frames|revolutions|rotations|cycles)\s+(?:per|a)\s+(?:second|minute)|bpm|rpm
      | newton[\s-]met(?:er|re)s?|Nm|lb[\s-]ft|foot[\s-]pounds
      # bit rates: the contract's B/s counts bytes, and "800 Gb/s" was already no figure
      | (?-i:[kKMGT])bps|(?-i:[kKMGT])bits?/s|(?:kilo|mega|giga|tera)bits?(?:\s+(?:per|a)\s+second)?
    )(?![\w-])""",
    re.X,
)
