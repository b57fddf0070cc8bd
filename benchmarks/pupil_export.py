"""Generate a large synthetic pupil export, as a Dutch school's administration would.

Deterministic (seeded) and invented: no real person is in it. `;`-separated, decimal
commas, dates dd-mm-yyyy, 20 columns.

Usage: python benchmarks/pupil_export.py OUT.csv [--rows N] [--encoding utf-8|cp1252]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

FIRST = [
    "Daan", "Sem", "Lotte", "Emma", "Noah", "Fatima", "Mohamed", "Julia", "Finn", "Sara",
    "Liam", "Tess", "Anouk", "Bram", "Zoë", "Chloé", "Milan", "Yara", "Levi", "Nora",
    "Ayoub", "Ilse", "Jesse", "Femke", "Thijs", "Mila", "Luuk", "Sanne", "Ömer", "Eva",
]  # fmt: skip
INFIX = ["", "", "", "de", "van", "van der", "van den", "el", "ter"]
LAST = [
    "Vries", "Jansen", "Berg", "Bakker", "Amrani", "Visser", "Smit", "Meijer", "Mulder",
    "Bos", "Dijkstra", "Yilmaz", "Kaya", "Hendriks", "Peters", "Dekker", "Brouwer", "Vos",
]  # fmt: skip
TOWNS = {
    "3511": "Utrecht", "3512": "Utrecht", "3581": "Utrecht", "3431": "Nieuwegein",
    "3701": "Zeist", "3911": "Rhenen", "1012": "Amsterdam", "2511": "Den Haag",
    "3011": "Rotterdam", "5611": "Eindhoven", "6511": "Nijmegen", "9711": "Groningen",
}  # fmt: skip
LEVELS = ["vmbo-b", "vmbo-k", "vmbo-t", "havo", "vwo"]
ADVICE = ["vmbo-b", "vmbo-k", "vmbo-t", "vmbo-t/havo", "havo", "havo/vwo", "vwo"]


def pupils(rows: int, seed: int = 2024) -> pd.DataFrame:
    """`rows` invented pupils, the same for the same seed."""
    rng = np.random.default_rng(seed)
    number = np.arange(rows) + 1_000_000
    first = np.array(FIRST, dtype=object)[rng.integers(0, len(FIRST), rows)]
    infix = np.array(INFIX, dtype=object)[rng.integers(0, len(INFIX), rows)]
    last = np.array(LAST, dtype=object)[rng.integers(0, len(LAST), rows)]
    year = rng.integers(2008, 2014, rows)
    grade = 2025 - year - 11
    pc4 = np.array(list(TOWNS), dtype=object)[rng.integers(0, len(TOWNS), rows)]
    letters = np.array([a + b for a in "ABCDEFGH" for b in "ABCDEFGH"], dtype=object)
    level = rng.integers(0, len(LEVELS), rows)
    advice = np.minimum(level + rng.integers(0, 3, rows), len(ADVICE) - 1)
    sex = rng.choice(3, rows, p=[0.49, 0.49, 0.02])
    group = np.array(list("ABCDEF"), dtype=object)[rng.integers(0, 6, rows)]
    email_name = pd.Series(first).str.lower().str.replace("ë", "e").str.replace("é", "e")
    return pd.DataFrame(
        {
            "leerlingnummer": number.astype(str),
            "voornaam": first,
            "tussenvoegsel": infix,
            "achternaam": last,
            "geboortedatum": _dates(rng, year),
            "geslacht": np.array(["M", "V", "X"], dtype=object)[sex],
            "postcode": pc4 + " " + letters[rng.integers(0, len(letters), rows)],
            "woonplaats": pd.Series(pc4).map(TOWNS).to_numpy(),
            "klas": grade.astype(str) + group,
            "leerjaar": grade.astype(str),
            "niveau": np.array(LEVELS, dtype=object)[level],
            "e-mail": email_name + "." + pd.Series(number.astype(str)) + "@leerling.example.nl",
            "telefoon": "06-" + pd.Series(rng.integers(10_000_000, 99_999_999, rows).astype(str)),
            "cijfer nederlands": _grades(rng, rows),
            "cijfer engels": _grades(rng, rows),
            "cijfer wiskunde": _grades(rng, rows),
            "gemiddelde": _grades(rng, rows),
            "verzuim uren": rng.poisson(6, rows).astype(str),
            "schooladvies": np.array(ADVICE, dtype=object)[advice],
            "instroomjaar": (year + 12).astype(str),
        }
    )  # fmt: skip


def _dates(rng: np.random.Generator, years: np.ndarray) -> pd.Series:
    day = rng.integers(0, 365, len(years))
    dates = pd.to_datetime(years.astype(str), format="%Y") + pd.to_timedelta(day, unit="D")
    return pd.Series(dates.strftime("%d-%m-%Y"))


def _grades(rng: np.random.Generator, rows: int) -> pd.Series:
    tenths = np.clip(rng.normal(65, 12, rows).round(), 10, 100).astype(int)
    return pd.Series((tenths // 10).astype(str)) + "," + pd.Series((tenths % 10).astype(str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "cp1252"])
    args = parser.parse_args()
    pupils(args.rows).to_csv(args.out, sep=";", index=False, encoding=args.encoding)


if __name__ == "__main__":
    main()
