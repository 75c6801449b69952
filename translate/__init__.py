"""bireader's library, by role.

Core: ``articles`` (reading), ``segment`` (sentences and pieces), ``cache``,
``pipeline`` (paragraphs in, cached translations out), ``export``, and
``session`` (a reading session). Then ``engines/`` (the models),
``quality/`` (checks and comparison), ``jobs/`` (batch runs, here or on
Ray), ``cli/`` (the command line) and ``testing/`` (random-weight models and
the speed harness). docs/architecture.md has the layers and their rules.

Nothing here imports the reader (the Textual app), torch or transformers at
import time; a model backend is loaded only when something is translated.
"""

__version__ = "0.1.0"
