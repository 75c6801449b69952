"""Only bireader's own lines on the terminal, unless library logs are asked for.

transformers prints a bar for every weights load and advisory warnings
(sequence lengths, deprecations); huggingface_hub and Python's warnings add
more. None of it helps a reader of Indonesian news, so it is off unless
``-v``/``--verbose`` (or ``BIREADER_VERBOSE=1``) asks for it. A first
download's progress bars stay: they are the only sign of a long wait.
"""

from __future__ import annotations

import logging
import os
import warnings

VERBOSE_ENV = "BIREADER_VERBOSE"
_LIBRARIES = ("transformers", "huggingface_hub", "sentencepiece", "ctranslate2", "torch")


def verbose() -> bool:
    return os.environ.get(VERBOSE_ENV, "") not in ("", "0")


def set_verbose() -> None:
    """Library logs on, for this process and the ones it starts (Ray workers, converters)."""
    os.environ[VERBOSE_ENV] = "1"


def quiet_process() -> None:
    """Warnings and library logs below errors off for the whole program (CLI and reader)."""
    if verbose():
        return
    warnings.simplefilter("ignore")
    # Read when each library first sets up its loggers (which would undo a
    # level set here before that), and inherited by Ray workers.
    os.environ.setdefault("HF_HUB_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    for name in _LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)


def quiet_transformers() -> None:
    """transformers' own verbosity and its weights-loading bar; call after importing it."""
    if verbose():
        return
    from huggingface_hub.utils import are_progress_bars_disabled, enable_progress_bars
    from transformers.utils import logging as transformers_logging

    download_bars = not are_progress_bars_disabled()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()  # turns huggingface_hub's bars off too
    if download_bars:
        enable_progress_bars()
