"""End to end: a small DeepSpeech2 learns six espeak-ng words to phone error rate 0.

Proves that features, the network, CTC targets from the vocabulary, and decoding agree.
The labels follow espeak-ng's own output (``espeak-ng -v ko -q -x``), mapped to our
phonemic symbols: b, d (voiced lenis) -> p, t; dZ; -> tɕ; the flap * -> ɾ.
"""

import shutil
import subprocess
import time

import pytest
import torch
import torch.nn.functional as F

from model.acoustic.checkpoint import ModelBundle
from model.acoustic.decoding import greedy_decode
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig, log_mel
from model.acoustic.recognizer import Recognizer
from model.acoustic.vocab import default_vocabulary
from model.audio import load_audio

WORDS = {
    "아마": ["a", "m", "a"],  # 'ama
    "나비": ["n", "a", "p", "i"],  # n'abi
    "바다": ["p", "a", "t", "a"],  # p'ada
    "모자": ["m", "o", "tɕ", "a"],  # m'odZ;a
    "오리": ["o", "ɾ", "i"],  # 'o*i
    "이마": ["i", "m", "a"],  # 'ima
}


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt install espeak-ng)"
)
def test_small_model_learns_espeak_words(tmp_path):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    vocab = default_vocabulary()
    waves, targets = [], []
    for i, (text, phones) in enumerate(WORDS.items()):
        path = tmp_path / f"{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), text], check=True, timeout=30)
        waves.append(load_audio(path))  # 22.05 kHz -> 16 kHz through the real loader
        targets.append(vocab.encode(phones))
    fcfg = FeatureConfig()
    ds2 = DS2Config(conv_channels=8, rnn_hidden=64, rnn_layers=2, dropout=0.0)
    model = DeepSpeech2(ds2)
    lengths = torch.tensor([w.size for w in waves])
    batch = torch.zeros(len(waves), int(lengths.max()))
    for i, w in enumerate(waves):
        batch[i, : w.size] = torch.from_numpy(w)
    feats, feat_lengths = log_mel(batch, fcfg, lengths)
    flat_targets = torch.tensor([t for ts in targets for t in ts])
    target_lengths = torch.tensor([len(t) for t in targets])
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    start = time.perf_counter()

    def errors(m) -> int:
        with torch.no_grad():
            lp, n = m(feats, feat_lengths)
        return sum(greedy_decode(lp[i, : n[i]], vocab).phones != tuple(WORDS[w]) for i, w in enumerate(WORDS))

    for step in range(1, 601):
        model.train()
        lp, out_lengths = model(feats, feat_lengths)
        loss = F.ctc_loss(lp.transpose(0, 1), flat_targets, out_lengths, target_lengths, blank=vocab.blank)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        if step >= 150 and step % 25 == 0 and errors(model) == 0:  # train-mode check (batch statistics)
            break
    # A few hundred steps at BN momentum 0.01 leave the running statistics unconverged:
    # re-estimate them on the training batch (cumulative average), then check in eval mode.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
                m.reset_running_stats()
                m.momentum = None
        model.train()
        model(feats, feat_lengths)
    model.eval()
    bundle = ModelBundle(ds2, fcfg, vocab, {"steps": step}, model.state_dict(), {})
    recognitions = Recognizer(bundle, "cpu").recognize_batch(waves)
    got = {w: list(r.phones) for w, r in zip(WORDS, recognitions)}
    elapsed = time.perf_counter() - start
    print(f"learned in {step} steps, {elapsed:.1f} s")
    assert got == WORDS, f"after {step} steps ({elapsed:.0f} s), loss {loss.item():.3f}"
    assert all(min(r.confidences) > 0.5 for r in recognitions), [r.confidences for r in recognitions]
