"""Assessment: align what was said with what should have been said, score every phone,
diagnose each error and explain it (Korean and English).

>>> from model.assess import Assessor
>>> result = Assessor(recognizer).assess(waveform, "국물이 좋아요")
>>> [(p.expected, p.verdict, p.message_text("en")) for p in result.errors]
"""

from .align import AlignOp, align
from .engine import Assessor, Thresholds, assess_file, pronunciation_of
from .forced_align import AlignmentError, ForcedAlignment, forced_align
from .gop import gop_score
from .result import Assessment, Insertion, PhoneVerdict, SyllableScore, WordScore

__all__ = [
    "AlignOp",
    "AlignmentError",
    "Assessment",
    "Assessor",
    "ForcedAlignment",
    "Insertion",
    "PhoneVerdict",
    "SyllableScore",
    "Thresholds",
    "WordScore",
    "align",
    "assess_file",
    "bench_assess",
    "forced_align",
    "gop_score",
    "pronunciation_of",
]


def bench_assess(recognizer, seconds: float = 5.0, repeats: int = 3) -> float:
    """Milliseconds to assess a ``seconds`` long utterance, recognition included (median)."""
    from .bench import bench_assess as _bench

    return _bench(recognizer, seconds, repeats)
