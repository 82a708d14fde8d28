"""Where the built-in seed article is: in a checkout (``seeds/``) or installed with the package
(``<prefix>/share/conflictmap/seeds``, from pyproject's data-files)."""

from __future__ import annotations

import sys
from pathlib import Path

SEED_NAME = "libya-front-2020-01.ar.txt"
SEED_DOC = "seeds/" + SEED_NAME  # its doc in every output, however it was found


def seed_path() -> Path | None:
    for folder in (
        Path(__file__).resolve().parents[1] / "seeds",
        Path(sys.prefix) / "share" / "conflictmap" / "seeds",
        Path.cwd() / "seeds",
    ):
        if (folder / SEED_NAME).is_file():
            return folder / SEED_NAME
    return None
