"""DeepSpeech2 (Amodei et al. 2015), sized for a desktop CPU, after kospeech's layout.

log-mel (B, T, n_mels)
  -> 2-3 x [Conv2d over (freq, time) -> BatchNorm2d -> clipped ReLU min(max(x, 0), 20)]
     kernels 41x11, 21x11, 21x11 (freq x time); strides (2, time_stride), then (2, 1)
  -> N x bidirectional GRU, with sequence-wise BatchNorm1d on each layer's input after the first
  -> Linear -> log_softmax over the CTC classes.

Padding never changes an utterance's result in eval mode: conv outputs beyond each
utterance's length are zeroed after every conv layer (exactly what that utterance's own
zero padding would give), the GRUs run on packed sequences, and the sequence-wise
BatchNorm, the dropout and the output layer see only the packed (valid) frames, so the
batch statistics in training mode also come from valid frames only. Padded output frames
hold log-probability 0 and are to be ignored (CTC does, via the output lengths).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from model.acoustic.fast_gru import gru_padded

# PyTorch's BatchNorm ``momentum`` is the weight of the NEW batch statistic:
#   running = (1 - momentum) * running + momentum * batch.
# The paper's (and TensorFlow's) decay of 0.99 on the running average is therefore
# momentum=0.01 here, not 0.99 (a previous project got this backwards and its running
# statistics followed the last batch only).
BN_MOMENTUM = 0.01

_KERNELS = ((41, 11), (21, 11), (21, 11))  # (freq, time)


@dataclass(frozen=True)
class DS2Config:
    n_mels: int = 80
    n_classes: int = 31
    conv_layers: int = 2
    conv_channels: int = 32
    time_stride: int = 3
    rnn_layers: int = 3
    rnn_hidden: int = 320
    bidirectional: bool = True
    dropout: float = 0.1
    relu_clip: float = 20.0

    def __post_init__(self) -> None:
        if self.conv_layers not in (1, 2, 3):
            raise ValueError(f"conv_layers must be 1, 2 or 3, got {self.conv_layers}")
        if self.rnn_layers < 1 or self.time_stride < 1:
            raise ValueError("rnn_layers and time_stride must be at least 1")

    def conv_specs(self) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
        """(kernel, stride, padding) of each conv layer, all as (freq, time)."""
        specs = []
        for i in range(self.conv_layers):
            k = _KERNELS[i]
            stride = (2, self.time_stride) if i == 0 else (2, 1)
            specs.append((k, stride, (k[0] // 2, k[1] // 2)))
        return specs

    @property
    def conv_out_freq(self) -> int:
        f = self.n_mels
        for k, s, p in self.conv_specs():
            f = (f + 2 * p[0] - k[0]) // s[0] + 1
        return f


class DeepSpeech2(nn.Module):
    def __init__(self, config: DS2Config = DS2Config()) -> None:
        super().__init__()
        self.config = config
        convs, norms = [], []
        channels = 1
        for k, s, p in config.conv_specs():
            convs.append(nn.Conv2d(channels, config.conv_channels, k, stride=s, padding=p, bias=False))
            norms.append(nn.BatchNorm2d(config.conv_channels, momentum=BN_MOMENTUM))
            channels = config.conv_channels
        self.convs = nn.ModuleList(convs)
        self.conv_norms = nn.ModuleList(norms)
        rnn_in = config.conv_channels * config.conv_out_freq
        directions = 2 if config.bidirectional else 1
        out_size = config.rnn_hidden * directions
        self.rnns = nn.ModuleList()
        self.rnn_norms = nn.ModuleList()
        for i in range(config.rnn_layers):
            size_in = rnn_in if i == 0 else out_size
            # sequence-wise BN on the input of every layer but the first (whose input is
            # already batch-normalized by the last conv layer)
            self.rnn_norms.append(nn.Identity() if i == 0 else nn.BatchNorm1d(size_in, momentum=BN_MOMENTUM))
            self.rnns.append(
                nn.GRU(size_in, config.rnn_hidden, batch_first=True, bidirectional=config.bidirectional)
            )
        self.dropout = nn.Dropout(config.dropout)
        self.padded_training = True  # CPU training through fast_gru (cuDNN's GRU is fast as it is)
        self.fc = nn.Linear(out_size, config.n_classes)

    def output_lengths(self, lengths: Tensor) -> Tensor:
        """Exact output frame counts for input frame counts (conv arithmetic on the time axis)."""
        lengths = torch.as_tensor(lengths, dtype=torch.int64)
        for k, s, p in self.config.conv_specs():
            lengths = torch.div(lengths + 2 * p[1] - k[1], s[1], rounding_mode="floor") + 1
        return lengths.clamp(min=0)

    def forward(self, features: Tensor, lengths: Tensor) -> tuple[Tensor, Tensor]:
        """features (B, T, n_mels), lengths (B,) -> (log_probs (B, T', n_classes), out_lengths (B,))."""
        if features.dim() != 3 or features.shape[-1] != self.config.n_mels:
            raise ValueError(f"expected features (B, T, {self.config.n_mels}), got {tuple(features.shape)}")
        lengths = lengths.to(device=features.device, dtype=torch.int64)
        if bool((lengths < 1).any()):
            raise ValueError("every utterance needs at least one feature frame")
        x = features.transpose(1, 2).unsqueeze(1)  # (B, 1, F, T)
        out_lengths = lengths
        for conv, norm, (k, s, p) in zip(self.convs, self.conv_norms, self.config.conv_specs()):
            x = conv(x)
            if x.device.type == "cpu":
                # oneDNN runs the C->C convolutions about twice as fast in channels-last layout
                x = x.contiguous(memory_format=torch.channels_last)
            x = torch.clamp(norm(x), min=0.0, max=self.config.relu_clip)
            out_lengths = torch.div(out_lengths + 2 * p[1] - k[1], s[1], rounding_mode="floor") + 1
            mask = torch.arange(x.shape[-1], device=x.device)[None, :] < out_lengths[:, None]
            x = x * mask[:, None, None, :].to(x.dtype)
        b, c, f, t = x.shape
        x = x.permute(0, 3, 1, 2).reshape(b, t, c * f)  # (B, T', C*F)
        if self.padded_training and self.training and torch.is_grad_enabled() and x.device.type == "cpu":
            return self._forward_padded(x, out_lengths), out_lengths
        packed = pack_padded_sequence(x, out_lengths.cpu(), batch_first=True, enforce_sorted=False)
        data = packed.data
        for i, (norm, rnn) in enumerate(zip(self.rnn_norms, self.rnns)):
            if i > 0:
                data = self.dropout(norm(data))
            out, _ = rnn(
                PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
            )
            data = out.data
        data = F.log_softmax(self.fc(self.dropout(data)), dim=-1)
        log_probs, _ = pad_packed_sequence(
            PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices),
            batch_first=True,
            total_length=t,
        )
        return log_probs, out_lengths

    def _forward_padded(self, x: Tensor, lengths: Tensor) -> Tensor:
        """The recurrent part for CPU training (``fast_gru``): the same function, on padded tensors.

        BatchNorm, dropout and the output layer see the valid frames only, as in the packed path.
        """
        b, t, _ = x.shape
        mask = (torch.arange(t, device=x.device)[None, :] < lengths[:, None])[:, :, None]
        for i, (norm, rnn) in enumerate(zip(self.rnn_norms, self.rnns)):
            if i > 0:
                valid = self.dropout(norm(x.masked_select(mask).view(-1, x.shape[-1])))
                x = x.new_zeros(x.shape).masked_scatter(mask, valid)
            x = gru_padded(rnn, x, lengths)
        valid = F.log_softmax(self.fc(self.dropout(x.masked_select(mask).view(-1, x.shape[-1]))), dim=-1)
        return valid.new_zeros(b, t, valid.shape[-1]).masked_scatter(mask, valid)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
