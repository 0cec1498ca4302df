"""Throughput of the G2P on a fixed set of sentences (`make bench`, `python -m model.korean.bench`).

The 10,000 sentences are generated from a seed so every run times the same work.
"""

from __future__ import annotations

import random
import time

from .g2p import _g2p

WORDS = (
    "국물이 좋아요 학교에 갑니다 신라의 달밤 같이 먹어요 꽃잎이 떨어져요 옷 안에 할 일이 많다 "
    "맛있는 김치 읽고 싶어요 밝은 햇빛 닭고기를 삶아 값이 없어요 넓은 바다 선생님께 감사합니다 "
    "한국어를 공부해요 의견란에 적어 주세요 생산량이 늘었다 입학 축하해요 놓는 법 앉으세요 "
    "젊은 사람 희망을 가져 맑게 갠 하늘 냇가에서 솜이불을 덮고 발달 결정 실제로 물고기 "
    "손가락 대통령 협력 담력 칼날 난로 곤란해요 굳이 닫히다 밭이 끝이 붙여 주세요 2026년 10월 3일"
).split()


def sentences(n: int = 10_000, seed: int = 1234) -> list[str]:
    """`n` deterministic sentences of 2–8 words."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))) for _ in range(n)]


def bench_g2p(n: int = 10_000, seed: int = 1234) -> float:
    """Sentences per second over `n` generated sentences (no result cache: every one is computed)."""
    data = sentences(n, seed)
    _g2p.cache_clear()
    start = time.perf_counter()
    for text in data:
        _g2p.__wrapped__(text, frozenset())
    elapsed = time.perf_counter() - start
    return len(data) / elapsed


if __name__ == "__main__":
    print(f"g2p: {bench_g2p():.0f} sentences/s")
