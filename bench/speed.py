"""Translation speed: ``bireader bench``, runnable as a script.

    python bench/speed.py                       # transformer-base Marian on seeds/, 3 runs each
    python bench/speed.py --models marian,nllb  # and NLLB-200-distilled-600M
    python bench/speed.py --help

See translate/benchmark.py for what is measured and how.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.cli import bench  # noqa: E402

if __name__ == "__main__":
    bench(prog_name="bench/speed.py")
