"""Scrubbing personal data out of free text (case-study write-ups, in Markdown).

Detectors find spans; overlapping spans are resolved in favour of the earlier detector
(overlapping name finds are first joined into one longer span); replacements only ever
cover the words or digits themselves, so Markdown syntax around them survives.

Names are found by pattern (particles: "de Vries"; initials: "J. Smit"), by the names a
school passes in, and by a list of common first names (first_names.txt) followed by a
surname. Dates of birth are full dates after a keyword ("geboren", "born"), right after a
name, or with a year that makes the person pupil-aged.

Everything here runs on large texts too (whole case-study write-ups), so each detector is
one compiled regex pass plus constant work per match: no loop over the known first names,
no regex per name.

`core` holds `scrub` and the resolving of spans; `identifiers`, `names` and `dates` the
detectors; `words` the word lists; `spans` the span type and the simplest detectors.
"""
