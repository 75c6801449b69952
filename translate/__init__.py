"""bireader's library: articles, segmentation, engines, cache, exports.

Nothing here imports the reader (the Textual app), torch or transformers at
import time; the model backend is loaded only when something is translated.
"""

__version__ = "0.1.0"
