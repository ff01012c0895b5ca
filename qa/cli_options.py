"""Command-line options shared by ``qa`` (qa.cli) and ``qa eval`` (qa.eval_cli)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from index.options import StoreOptions
from index.store import VECTOR_STORES
from qa.llm import LLMConfig


def add_model_argument(p: argparse.ArgumentParser) -> None:
    """--model DIR: another reader folder than the shipped one (also for `qa eval`)."""
    p.add_argument("--model", type=Path, default=None, metavar="DIR",
                   help="a reader folder to answer with instead of the shipped one: reader-int8.onnx, tokenizer.json "
                   "and the calibration.json fitted with it (train.export_reader and train.calibrate write them)")


def add_vector_store_arguments(p: argparse.ArgumentParser, *, new_store: bool) -> None:
    """--vector-store, --milvus-uri, --milvus-token (also for `qa eval`)."""
    if new_store:
        p.add_argument("--vector-store", choices=VECTOR_STORES, default=None,
                       help="where a new store (or a --rebuild) keeps its vectors (default faiss); an existing "
                       "store keeps its own and refuses another")
    p.add_argument("--milvus-uri", default=None,
                   help="Milvus Lite file or http://host:19530 (default for a new Milvus store: milvus.db in the store)")
    p.add_argument("--milvus-token", default=None, help="Milvus token, as user:password or an API key "
                   "(default $QA_MILVUS_TOKEN)")


def milvus_token(args: argparse.Namespace) -> str | None:
    return str(args.milvus_token or os.environ.get("QA_MILVUS_TOKEN") or "") or None


def store_options(args: argparse.Namespace) -> StoreOptions:
    """--vector-store (where the command has it), --milvus-uri and --milvus-token as one value."""
    return StoreOptions(vector_store=getattr(args, "vector_store", None) or "faiss", milvus_uri=args.milvus_uri,
                        milvus_token=milvus_token(args))


def add_llm_arguments(p: argparse.ArgumentParser) -> None:
    """--llm-url, --llm-model, --llm-key, --llm-timeout: generative answers (off unless a URL is set)."""
    p.add_argument("--llm-url", default=None, help="an OpenAI-compatible API base, e.g. http://localhost:11434/v1 "
                   "(default $QA_LLM_URL; unset: extractive answers only)")
    p.add_argument("--llm-model", default=None, help="the model's name on that server (default $QA_LLM_MODEL)")
    p.add_argument("--llm-key", default=None, help="bearer token, if the server wants one (default $QA_LLM_KEY)")
    p.add_argument("--llm-timeout", type=float, default=None,
                   help="seconds allowed for the model's whole reply (default $QA_LLM_TIMEOUT or 60)")


def llm_config(args: argparse.Namespace) -> LLMConfig | None:
    """The LLM settings from the arguments, then the environment; None when generative mode is off."""
    return LLMConfig.from_settings(args.llm_url, args.llm_model, args.llm_key, args.llm_timeout)
