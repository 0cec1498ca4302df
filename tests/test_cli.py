"""Every command line: a bad device, a missing file, a bad checkpoint or unreadable audio → one
line on stderr starting with ``error:``, exit status 1, never a traceback (model.errors.command)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

ROOT = Path(__file__).resolve().parents[1]

# (module, arguments, what the one line must say); {name} is a file from the `files` fixture.
CASES = [
    # a CUDA device on a machine without one (torch.cuda.is_available is False in these tests)
    ("model.acoustic", "recognize --checkpoint {ckpt} --device cuda {wav}", "no CUDA GPU"),
    ("model.assess", "--sentence 국물 --checkpoint {ckpt} --device cuda {wav}", "no CUDA GPU"),
    ("training.calibrate", "--manifest {manifest} --checkpoint {ckpt} --device cuda", "no CUDA GPU"),
    ("training.train", "--train {manifest} --out {out} --device cuda", "no CUDA GPU"),
    ("training.train", "--train {manifest} --out {out} --device gpu", "Unknown device 'gpu'"),
    ("training.evaluate", "--data {manifest} --checkpoint {ckpt} --device cuda", "no CUDA GPU"),
    ("training.evaluate", "--data {manifest} --checkpoint {ckpt} --device tpu", "Unknown device 'tpu'"),
    ("model.acoustic.bench", "--checkpoint {ckpt} --device cuda", "no CUDA GPU"),
    ("model.assess.bench", "--checkpoint {ckpt} --device cuda", "no CUDA GPU"),
    ("app.bench", "--checkpoint {ckpt} --device cuda", "no CUDA GPU"),
    # a file that is not there
    ("model.acoustic", "recognize --checkpoint {ckpt} {missing}.wav", "not found"),
    ("model.acoustic", "info --checkpoint {missing}.pt", "not found"),
    ("model.assess", "--sentence 국물 --checkpoint {ckpt} {missing}.wav", "not found"),
    ("training.calibrate", "--manifest {missing}.tsv --checkpoint {ckpt}", "No such file"),
    ("training.train", "--train {missing}.tsv --out {out}", "does not exist"),
    ("training.train", "--train {manifest} --out {out} --config {missing}.json", "No such file"),
    ("training.evaluate", "--data {missing}.tsv --checkpoint {ckpt}", "does not exist"),
    ("training.prepare", "manifest {missing}.tsv --out {out}/m.tsv", "does not exist"),
    ("training.prepare", "kspon {missing} --out {out}/m.tsv", "does not exist"),
    ("training.prepare", "commonvoice {out} --out {out}/m.tsv", "has no validated.tsv"),
    ("training.export", "{missing}.pt {out}/x.pt", "not found"),
    ("training.synth", "--out {out} --sentences {missing}.txt --utterances 1", "missing"),
    ("model.articulation", "--out {wav}/diagrams", "Not a directory"),
    ("training.phrases", "--data {missing} --out {out}", "No such file"),
    ("model.acoustic.bench", "--checkpoint {missing}.pt", "not found"),
    ("model.assess.bench", "--checkpoint {missing}.pt", "not found"),
    ("app.bench", "--checkpoint {missing}.pt", "not found"),
    # a truncated checkpoint, and files that are not what they claim to be
    ("model.acoustic", "recognize --checkpoint {bad} {wav}", "truncated"),
    ("model.acoustic", "info --checkpoint {bad}", "truncated"),
    ("model.assess", "--sentence 국물 --checkpoint {bad} {wav}", "truncated"),
    ("training.calibrate", "--manifest {manifest} --checkpoint {bad}", "truncated"),
    ("training.train", "--train {manifest} --out {out} --init {bad}", "truncated"),
    ("training.train", "--train {manifest} --out {out} --config {wav}", "not a JSON object"),
    ("training.evaluate", "--data {manifest} --checkpoint {bad}", "truncated"),
    ("training.export", "{bad} {out}/x.pt", "truncated"),
    ("training.phrases", "--data {out} --out {out}/p --checkpoint {bad}", "truncated"),
    ("training.train", "--train {manifest}*x --out {out}", "PATH*N"),
    ("model.acoustic.bench", "--checkpoint {bad}", "truncated"),
    ("model.assess.bench", "--checkpoint {bad}", "truncated"),
    ("app.bench", "--checkpoint {bad}", "truncated"),
    ("model.acoustic", "recognize --checkpoint {ckpt} {junk}", "Could not read"),
    ("model.assess", "--sentence 국물 --checkpoint {ckpt} {junk}", "Could not read"),
    ("training.calibrate", "--manifest {latin1} --checkpoint {ckpt}", "not UTF-8"),
    ("training.train", "--train {latin1} --out {out}", "not UTF-8"),
    ("training.evaluate", "--data {latin1} --checkpoint {ckpt}", "not UTF-8"),
    ("training.bench", "no_such_setting=1", "Unknown setting"),
    ("model.korean", "abc", "Latin"),
]


@pytest.fixture
def files(tmp_path) -> dict[str, str]:
    from model.acoustic.checkpoint import save_checkpoint
    from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
    from model.acoustic.features import FeatureConfig
    from model.acoustic.vocab import default_vocabulary

    vocabulary = default_vocabulary()
    ds2 = DS2Config(n_mels=40, n_classes=len(vocabulary), conv_channels=4, rnn_hidden=16, rnn_layers=1)
    ckpt = tmp_path / "tiny.pt"
    save_checkpoint(ckpt, DeepSpeech2(ds2).state_dict(), ds2, FeatureConfig(n_mels=40), vocabulary, {})
    bad = tmp_path / "bad.pt"
    bad.write_bytes(ckpt.read_bytes()[: ckpt.stat().st_size // 2])
    t = np.arange(16000) / 16000
    sf.write(tmp_path / "a.wav", (0.2 * np.sin(2 * np.pi * 180 * t)).astype(np.float32), 16000)
    (tmp_path / "junk.wav").write_bytes(b"RIFF\x00\x00not really a wave file" * 10)
    row = "a.wav\t1.0\tk u ŋ m u l\t국물\tk u ŋ m u l\t국물\n"
    header = "path\tduration\tphones\ttext\tintended\tsentence\n"
    (tmp_path / "m.tsv").write_text(header + row, encoding="utf-8")
    (tmp_path / "latin1.tsv").write_bytes("path\tphones\ttext\n\xe9t\xe9.wav\ta\tété\n".encode("latin-1"))
    (tmp_path / "out").mkdir()
    names = {"ckpt": ckpt, "bad": bad, "wav": tmp_path / "a.wav", "junk": tmp_path / "junk.wav",
             "manifest": tmp_path / "m.tsv", "latin1": tmp_path / "latin1.tsv", "out": tmp_path / "out",
             "missing": tmp_path / "missing"}  # fmt: skip
    return {k: str(v) for k, v in names.items()}


def _main(module: str):
    try:
        return importlib.import_module(f"{module}.__main__").main
    except ModuleNotFoundError:
        return importlib.import_module(module).main


@pytest.mark.parametrize(("module", "args", "says"), CASES, ids=[f"{m} {a}" for m, a, _ in CASES])
def test_bad_input_is_one_line_and_exit_1(module, args, says, files, capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    if module == "training.synth":
        from training import espeak

        if not espeak.espeak_available():
            pytest.skip("espeak-ng is not installed")
    code = _main(module)([part.format(**files) for part in args.split()])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1, err
    assert lines[0].startswith(("error: ", "abc: ")) and says in lines[0], err


def test_assess_on_cuda_without_a_gpu_is_one_line_not_a_traceback(files):
    """The case of issue 15, as a user meets it: a real process that sees no GPU."""
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
    command = [sys.executable, "-m", "model.assess", "--sentence", "국물", "--checkpoint", files["ckpt"],
               "--device", "cuda", files["wav"]]  # fmt: skip
    r = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith("error: CUDA was requested") and len(r.stderr.strip().splitlines()) == 1
