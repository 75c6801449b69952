"""The reader's screens: the main one is the app itself; these open over it."""

from .compare import CompareScreen
from .edit import EditScreen
from .help import HelpScreen
from .model import ModelScreen
from .versions import VersionsScreen

__all__ = ["CompareScreen", "EditScreen", "HelpScreen", "ModelScreen", "VersionsScreen"]
