"""Korean G2P: Hangul → standard pronunciation (표준 발음법) → IPA phones of `model.phones`.

>>> from model.korean import g2p
>>> g2p("국물이 좋아요").pronounced
'궁무리 조아요'
"""

from .errors import G2PError
from .g2p import g2p
from .numbers import Reading
from .result import PhoneToken, Pronunciation, RuleApplication
from .tables import RULE_NAMES

__all__ = ["g2p", "Pronunciation", "PhoneToken", "RuleApplication", "Reading", "G2PError", "RULE_NAMES"]
