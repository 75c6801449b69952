"""Tools for testing and measuring the library without real model weights.

``synthetic`` builds random-weight checkpoints (tiny or of the real size)
loaded through the same ``from_pretrained`` path as a downloaded model;
``speed`` times the ways of translating against each other.
"""

# The ways of translating that ``speed`` times, named here for the command line.
CONTENDERS = ("baseline", "default", "ctranslate2", "ct2-raw")
