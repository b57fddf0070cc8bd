from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[3]
ADULT = REPO.parent / "shared" / "bench" / "adult"

FIRST_NAMES = ["Daan", "Sem", "Lotte", "Emma", "Noah", "Fatima", "Mohamed", "Julia", "Finn", "Sara"]
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "el Amrani", "Visser", "Smit"]


def synthetic_pupils(count: int = 60, seed: int = 1) -> pd.DataFrame:
    """Invented pupils of an invented school; no real person is in here."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        surname = rng.choice(SURNAMES)
        rows.append(
            {
                "leerlingnummer": str(100000 + number),
                "voornaam": rng.choice(FIRST_NAMES),
                "achternaam": surname,
                "geboortedatum": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-"
                f"{rng.choice([2010, 2011, 2012])}",
                "geslacht": rng.choice(["M", "V"]),
                "postcode": f"{rng.choice([3511, 3512, 3581, 3582])} {rng.choice(['AB', 'CD'])}",
                "klas": rng.choice(["1A", "1B", "2A", "2B"]),
                "cijfer": f"{rng.randint(40, 95) / 10:.1f}".replace(".", ","),
            }
        )
    return pd.DataFrame(rows, dtype=object)


@pytest.fixture
def pupils() -> pd.DataFrame:
    return synthetic_pupils()


@pytest.fixture
def adult_dir() -> Path:
    if not (ADULT / "adult.csv").exists():
        pytest.skip(f"The adult benchmark is not at {ADULT} (clone shared/ beside the repo).")
    return ADULT
