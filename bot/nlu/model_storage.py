"""Store scikit-learn models with skops, never pickle: loading runs no stored code."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import skops.io as sio
from skops.io.exceptions import UntrustedTypesFoundException


def dump(model: Any, path: Path) -> None:
    """Write a model to ``path``."""
    sio.dump(model, path)


def load_trusted(path: Path, trusted: Iterable[str]) -> Any:
    """Read a model in one pass; skops refuses any type outside its defaults and ``trusted``."""
    try:
        return sio.load(path, trusted=sorted(trusted))
    except UntrustedTypesFoundException as error:
        raise ValueError(f"{path}: refusing to load unexpected types ({error})") from error
