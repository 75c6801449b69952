"""Tools for testing and measuring the library without real model weights.

``synthetic`` builds random-weight checkpoints (tiny or of the real size)
loaded through the same ``from_pretrained`` path as a downloaded model;
``speed`` times the ways of translating against each other.
"""

# The ways of translating that ``speed`` times, named here for the command line.
CONTENDERS = ("baseline", "transformers", "default", "ct2-raw", "argos-style")
# Those that decode with CTranslate2 (a converted model).
CT2_CONTENDERS = ("default", "ct2-raw", "argos-style")
