"""The reader network: the bundled MiniLM encoder with a span head and an answerability head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn


class Reader(nn.Module):
    """``(input_ids, attention_mask, token_type_ids) -> (start_logits, end_logits, answerable_logit)``.

    Start/end logits score every token as the answer's first/last word piece; [CLS] (token 0)
    stands for "no answer in this window", as in SQuAD 2.0 readers. ``answerable_logit`` is a
    separate yes/no head on [CLS], trained on the same windows.
    """

    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = int(encoder.config.hidden_size)
        self.span = nn.Linear(hidden, 2)
        self.answerable = nn.Linear(hidden, 1)

    @classmethod
    def from_encoder_dir(cls, path: Path) -> Reader:
        from transformers import AutoModel

        return cls(AutoModel.from_pretrained(str(path), local_files_only=True))

    @classmethod
    def from_config_dir(cls, path: Path) -> Reader:
        """An untrained reader with the architecture of ``path`` (weights loaded afterwards)."""
        from transformers import AutoConfig, AutoModel

        return cls(AutoModel.from_config(AutoConfig.from_pretrained(str(path), local_files_only=True)))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        logits = self.span(hidden)
        return logits[..., 0], logits[..., 1], self.answerable(hidden[:, 0]).squeeze(-1)
