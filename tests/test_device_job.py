"""What a GPU device call runs (`train/device_job.sh`), on this machine's CPU with a tiny model:
the training command from an encoder folder without weights, its time limit, and the weights
split into files small enough to come back and joined again."""

from __future__ import annotations

import copy
import json
import math
import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from safetensors.torch import load_file, save_file  # noqa: E402

from index.embedders import bundled_model_path  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.test_train_data import ARTICLE  # noqa: E402
from train import pack_device, reader_options, schedule, shards, train_reader  # noqa: E402
from train.data import is_calibration_article  # noqa: E402
from train.docs_data import is_dev_page  # noqa: E402


def test_split_parts_fit_the_limit_and_join_gives_the_weights_back() -> None:
    torch.manual_seed(0)
    weights = {"big": torch.randn(1000, 48), "small": torch.randn(7), "ids": torch.arange(10), "one": torch.tensor(2.5)}
    parts = shards.split(weights, max_bytes=20_000)
    sizes = [sum(t.numel() * t.element_size() for t in p.values()) for p in parts]
    assert max(sizes) <= 20_000 and len(parts) == math.ceil(sum(sizes) / 20_000) == 5  # each part filled first
    assert all(t.dtype in (torch.float16, torch.int64) for p in parts for t in p.values())
    back = shards.join(parts)
    assert back.keys() == weights.keys() and back["ids"].equal(weights["ids"]) and back["big"].dtype == torch.float32
    for name in ("big", "small", "one"):
        assert torch.allclose(back[name], weights[name], rtol=1e-3, atol=1e-4)
    with pytest.raises(ValueError, match=r"big: blocks .* found; a part is missing"):
        shards.join([p for p in parts if not any(k.endswith("@block1") for k in p)])
    with pytest.raises(ValueError, match="weight name 'a@block0' holds"):
        shards.split({"a@block0": torch.zeros(2)}, max_bytes=2048)
    with pytest.raises(ValueError, match="wide: one row takes 4000 bytes, over max_bytes 2048"):
        shards.split({"wide": torch.zeros(3, 2000)}, max_bytes=2048)


def test_the_split_command_writes_parts_that_the_join_command_reads(tmp_path: Path) -> None:
    save_file({"w": torch.randn(600, 100), "b": torch.randn(100)}, str(tmp_path / "reader.safetensors"))
    shards.main(["split", str(tmp_path / "reader.safetensors"), str(tmp_path / "parts"), "--max-mib", "0.1"])
    files = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert len(files) >= 2 and all(f.startswith("reader-part") for f in files)
    shards.main(["join", str(tmp_path / "parts"), "--out", str(tmp_path / "joined.safetensors")])
    back = load_file(str(tmp_path / "joined.safetensors"))
    assert torch.allclose(back["w"], load_file(str(tmp_path / "reader.safetensors"))["w"], rtol=1e-3, atol=1e-4)
    with pytest.raises(SystemExit, match="no reader-partN.safetensors files in"):
        shards.main(["join", str(tmp_path), "--out", str(tmp_path / "x.safetensors")])


def test_the_join_command_refuses_a_folder_that_lacks_a_part(tmp_path: Path) -> None:
    """A device call returned the first part of a reader and left the others (over its 64 MiB): the
    join gave a reader with most weights missing (the block check sees only block0 of a cut tensor)."""
    save_file({"w": torch.randn(600, 100), "b": torch.randn(100)}, str(tmp_path / "reader.safetensors"))
    shards.main(["split", str(tmp_path / "reader.safetensors"), str(tmp_path / "parts"), "--max-mib", "0.05"])
    files = sorted((tmp_path / "parts").iterdir())
    assert len(files) == 3
    out = str(tmp_path / "x.safetensors")
    for gone in (files[2], files[1]):
        gone.unlink()
        with pytest.raises(SystemExit, match=r"parts lacks reader-part.* of 3 parts; fetch them all again"):
            shards.main(["join", str(tmp_path / "parts"), "--out", out])
    assert not Path(out).exists()
    legacy = tmp_path / "legacy"  # parts written before they counted themselves: numbered from 0 on
    legacy.mkdir()
    save_file({"w": torch.zeros(2)}, str(legacy / "reader-part0.safetensors"))
    save_file({"b": torch.zeros(2)}, str(legacy / "reader-part2.safetensors"))
    with pytest.raises(SystemExit, match="legacy lacks reader-part1.safetensors of at least 3 parts"):
        shards.main(["join", str(legacy), "--out", out])


def _data(root: Path) -> Path:
    """A made-up shared data folder: one SQuAD 1.1 article, and squad2_dev_train with a training
    article and a calibration article (for the dev metrics)."""
    (root / "squad11_train").mkdir(parents=True)
    (root / "squad2_dev_split").mkdir()
    (root / "squad11_train" / "squad11_train.json").write_text(json.dumps({"data": [ARTICLE]}))
    train, calibration = copy.deepcopy(ARTICLE), copy.deepcopy(ARTICLE)
    train["title"], calibration["title"] = "Kestrel_Point", "Nordvik_Ferry"
    assert not is_calibration_article(train["title"]) and is_calibration_article(calibration["title"])
    train["paragraphs"][1]["qas"].append({"id": "u1", "question": "Who painted the Kastrup Ferry?", "answers": [],
                                          "is_impossible": True})
    (root / "squad2_dev_split" / "squad2_dev_train.json").write_text(json.dumps({"data": [train, calibration]}))
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(data folder, an encoder folder with a tiny model's config and the bundled tokenizer but no
    weights, that model's random reader weights)."""
    from transformers import BertConfig, BertModel

    from train.model import Reader

    encoder = tmp_path / "encoder"
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    config.save_pretrained(encoder)
    shutil.copyfile(bundled_model_path() / "tokenizer.json", encoder / "tokenizer.json")
    torch.manual_seed(3)
    init = tmp_path / "init.safetensors"
    save_file({k: v.contiguous() for k, v in Reader(BertModel(config)).state_dict().items()}, str(init))
    return _data(tmp_path / "data"), encoder, init


def _train(data: Path, encoder: Path, init: Path, out: Path, *extra: str) -> None:
    train_reader.main(["--data", str(data), "--encoder", str(encoder), "--init", str(init), "--out", str(out),
                       "--squad11-questions", "10", "--batch-size", "2", "--eval-every", "1000", "--log-every", "1",
                       "--threads", "1", *extra])


def test_training_reads_an_encoder_folder_without_weights_and_starts_from_init(tiny, tmp_path: Path) -> None:  # noqa: ANN001
    data, encoder, init = tiny
    _train(data, encoder, init, tmp_path / "run", "--max-steps", "2")
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in log if "loss" in r] == [1, 2] and "dev_auc_answerable_head" in log[-1]
    trained = load_file(str(tmp_path / "run" / "reader.safetensors"))
    start = load_file(str(init))
    assert trained.keys() == start.keys()
    assert not torch.equal(trained["span.weight"], start["span.weight"])  # it trained from init, not from scratch


def test_a_time_limit_stops_after_the_step_it_passes_with_weights_and_dev_metrics(tiny, tmp_path: Path) -> None:  # noqa: ANN001
    data, encoder, init = tiny
    _train(data, encoder, init, tmp_path / "run", "--max-minutes", "1e-9")
    total = json.loads((tmp_path / "run" / "config.json").read_text())["total_steps"]
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert total > 1 and [r["step"] for r in log] == [1, 1] and "dev_loss" in log[1]
    state = json.loads((tmp_path / "run" / "checkpoint" / "state.json").read_text())
    assert state["step"] == 1 and set(state) == {"step", "trained_s"}  # no schedule without --anneal-by-time
    assert (tmp_path / "run" / "reader.safetensors").is_file()


def test_the_pack_holds_the_encoder_s_tokenizer_and_the_gzipped_data_and_names_what_is_missing(
        tiny, tmp_path: Path) -> None:  # noqa: ANN001
    data, _, _ = tiny
    size = pack_device.pack(data, tmp_path / "pack", bundled_model_path())
    names = sorted(str(p.relative_to(tmp_path / "pack")) for p in (tmp_path / "pack").rglob("*") if p.is_file())
    assert names == ["encoder/config.json", "encoder/special_tokens_map.json", "encoder/tokenizer.json",
                     "encoder/tokenizer_config.json", "encoder/vocab.txt", "squad11_train.json.gz",
                     "squad2_dev_train.json.gz"]
    assert 0 < size < pack_device.LIMIT_BYTES // 2 and not (tmp_path / "pack" / "encoder" / "model.safetensors").exists()
    with pytest.raises(SystemExit, match=r"--data .*: missing squad11_train/squad11_train.json"):
        pack_device.pack(tmp_path / "nowhere", tmp_path / "pack2", bundled_model_path())


def test_docs_add_definition_look_ups_to_the_windows(tiny, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    data, encoder, init = tiny
    docs = tmp_path / "docs" / "library"
    docs.mkdir(parents=True)
    for i in range(4):  # one page in eight is kept for measuring: four copies leave some to train on
        shutil.copyfile(REPO / "tests" / "fixtures" / "refdocs" / "tool.html", docs / f"tool{i}.html")
    _train(data, encoder, init, tmp_path / "plain", "--max-steps", "1")
    _train(data, encoder, init, tmp_path / "run", "--max-steps", "1", "--docs", str(tmp_path / "docs"),
           "--docs-questions", "100")
    plain = json.loads((tmp_path / "plain" / "config.json").read_text())
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert "docs_definition" not in plain["examples"]
    assert config["examples"]["docs_definition"] == 3 * sum(not is_dev_page(f"library/tool{i}.html") for i in range(4))
    assert config["windows"] > plain["windows"]
    # the device has neither the pages nor the HTML parser: the pack carries the look-ups built here
    # (with the run's seed, 13 by default) and the run reads them from that file, the same examples
    count = pack_device.pack_docs(tmp_path / "docs", tmp_path / "pack", questions=100, seed=13, attributes=False,
                                  glossary=0)
    with caplog.at_level("WARNING", logger="train.reader"):
        _train(data, encoder, init, tmp_path / "packed", "--max-steps", "1", "--docs",
               str(tmp_path / "pack" / pack_device.DOCS_FILE))
        assert not [r for r in caplog.records if "drawn with" in r.getMessage()]
        _train(data, encoder, init, tmp_path / "other", "--max-steps", "1", "--seed", "14", "--docs",
               str(tmp_path / "pack" / pack_device.DOCS_FILE))  # another seed: says whose sample it trains on
        assert [r for r in caplog.records if "drawn with --seed 13, this run's is 14" in r.getMessage()]
    packed = json.loads((tmp_path / "packed" / "config.json").read_text())
    assert count == config["examples"]["docs_definition"] + config["examples"].get("docs_removed", 0)
    assert packed["examples"] == config["examples"] and packed["windows"] == config["windows"]
    (tmp_path / "bad.json.gz").write_bytes(b"not gzip")
    with pytest.raises(SystemExit, match=r"--docs .*bad.json.gz: not a file of examples that train.pack_device wrote"):
        _train(data, encoder, init, tmp_path / "bad", "--max-steps", "1", "--docs", str(tmp_path / "bad.json.gz"))


def test_the_focus_and_confuse_rates_add_their_examples_to_the_training_set(tiny, tmp_path: Path) -> None:  # noqa: ANN001
    data, encoder, init = tiny
    _train(data, encoder, init, tmp_path / "run", "--max-steps", "1", "--focus-rate", "1.0", "--confuse-rate", "1.0")
    kinds = json.loads((tmp_path / "run" / "config.json").read_text())["examples"]
    assert kinds["confusion"] >= 1  # a name of the made-up article swapped for another its passage holds
    assert kinds["focus_positive"] == kinds["positive"]  # every positive, its answer's sentence with its neighbours
    assert kinds["focus_unanswerable"] >= 1  # the made-up article's unanswerable question


def test_the_schedules_warm_up_then_fall_to_zero() -> None:
    assert schedule.step_factor(0, 100) == 0 and schedule.step_factor(6, 100) == 1.0
    assert schedule.step_factor(53, 100) == pytest.approx(0.5) and schedule.step_factor(100, 100) == 0
    assert schedule.time_factor(0.0) == 0 and schedule.time_factor(0.03) == pytest.approx(0.5)
    assert schedule.time_factor(0.06) == pytest.approx(1.0) and schedule.time_factor(0.53) == pytest.approx(0.5)
    assert schedule.time_factor(1.0) == 0 and schedule.time_factor(7.0) == 0


def test_anneal_by_time_needs_a_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        reader_options.parse_options(["--data", "d", "--out", "o", "--anneal-by-time"], None)
    assert "--anneal-by-time needs --max-minutes" in capsys.readouterr().err


def test_anneal_by_time_brings_the_learning_rate_to_zero_at_the_time_limit(tiny, tmp_path: Path) -> None:  # noqa: ANN001
    """Far more batches than fit in the time: the run stops at the limit with the learning rate
    near 0 there (the step schedule would still be warming up), after reaching its peak."""
    data, encoder, init = tiny
    _train(data, encoder, init, tmp_path / "run", "--epochs", "3000", "--max-minutes", "0.1", "--anneal-by-time",
           "--lr", "1e-3")
    total = json.loads((tmp_path / "run" / "config.json").read_text())["total_steps"]
    rates = [r["lr"] for r in map(json.loads, (tmp_path / "run" / "log.jsonl").read_text().splitlines()) if "lr" in r]
    assert 20 < len(rates) < total  # stopped by the time limit, long before the batches ran out
    assert max(rates) <= 1e-3 and max(rates) > 0.8e-3  # warmed up to the peak ...
    assert rates[-1] < 0.1e-3 and rates.index(max(rates)) < len(rates) - 10  # ... and fell to ~0 at the limit
    state = json.loads((tmp_path / "run" / "checkpoint" / "state.json").read_text())
    assert state["trained_s"] >= 0.95 * state["schedule_s"] > 0  # the time trained and the schedule's length
    # rerun (a resume): the schedule was spent, so it stops at once at ~0, where it used to warm up again
    _train(data, encoder, init, tmp_path / "run", "--epochs", "3000", "--max-minutes", "0.1", "--anneal-by-time",
           "--lr", "1e-3")
    again = [r["lr"] for r in map(json.loads, (tmp_path / "run" / "log.jsonl").read_text().splitlines()) if "lr" in r]
    assert 1 <= len(again) - len(rates) <= 3 and max(again[len(rates):]) < 0.1e-3, again[len(rates):]
