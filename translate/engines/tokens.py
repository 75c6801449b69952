"""Tokenisation shared by both backends: one checkpoint, one way into tokens.

Both backends read the same tokenizer from the same local folder, so
segmentation, batching and the length bounds are the same whichever decodes;
the backends differ only in the decoder. torch and transformers are imported
on first use only.

Calling conventions follow the models' documentation:
- Marian: OPUS-MT models were trained on Moses-punctuation-normalised text;
  ``MarianTokenizer`` sets up that normaliser (sacremoses) but transformers 5
  does not apply it when encoding, so it is applied here, before tokenisation.
- NLLB: the tokenizer is created with ``src_lang="ind_Latn"`` (it prefixes the
  language code); the target language is forced by each backend.
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

from ..logs import quiet_transformers
from .models import ModelSource, load_failure, model_files

# Pieces whose token ids are remembered (a few MB); beyond, it starts afresh.
IDS_MEMORY = 50_000
SOURCE_LANG = "ind_Latn"
TARGET_LANG = "eng_Latn"
# Invisible format characters that survive reading (soft hyphen, zero-width
# space, non-joiner, joiner, word joiner): OPUS training text was cleaned of
# them, so the model sees text without them while the article keeps them.
INVISIBLE = dict.fromkeys((0x00AD, 0x200B, 0x200C, 0x200D, 0x2060))


class Tokens:
    """A checkpoint's files and tokenizer, and every piece's token ids, remembered."""

    def __init__(self, source: ModelSource) -> None:
        self.source = source
        self._files: Path | None = None
        self._tokenizer: Any = None
        self._ids: dict[str, array[int]] = {}

    @property
    def files(self) -> Path:
        """The model's local folder, complete and checked (downloaded on first use)."""
        if self._files is None:
            self._files = model_files(self.source)
        return self._files

    @property
    def forced(self) -> int:
        """Leading output tokens that are not text (NLLB's target language)."""
        return 1 if self.source.family == "nllb" else 0

    def from_pretrained(self, auto_class: Any, **kwargs: Any) -> Any:
        """A transformers class loaded from the model's local folder, never the hub.

        The files were fetched and checked first, all of one commit, so
        loading works offline; a broken file is one line, not a traceback.
        """
        folder = self.files
        quiet_transformers()
        try:
            return auto_class.from_pretrained(str(folder), **kwargs)
        except Exception as exc:  # whatever a broken file makes transformers raise
            raise load_failure(self.source, folder, exc) from None

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            extra = {"src_lang": SOURCE_LANG} if self.source.family == "nllb" else {}
            self._tokenizer = self.from_pretrained(AutoTokenizer, **extra)
        return self._tokenizer

    def prepare(self, text: str) -> str:
        """The text the model is given for a piece."""
        text = text.translate(INVISIBLE)
        if self.source.family == "marian":
            return str(self.tokenizer.normalize(text))
        return text

    def input_ids(self, text: str) -> array[int]:
        """The model input for a piece, special tokens included; remembered.

        Segmentation, batching and translation each need a piece's tokens;
        remembered, each piece is tokenised once.
        """
        ids = self._ids.get(text)
        if ids is None:
            if len(self._ids) >= IDS_MEMORY:
                self._ids.clear()
            ids = array("i", self.tokenizer(self.prepare(text))["input_ids"])  # 4 bytes a token
            self._ids[text] = ids
        return ids

    def count(self, text: str) -> int:
        return len(self.input_ids(text))

    def decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True)).strip()
