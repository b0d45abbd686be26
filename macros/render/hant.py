"""The Traditional Chinese edition, made from the Simplified text at build time.

OpenCC's `s2twp` profile: Simplified → Traditional with Taiwan standard characters *and* Taiwan
phrasing (软件 → 軟體, 信息 → 資訊), which is what readers of the two Traditional-character
source articles expect. A field's `zh-Hant` text, where given, wins over the conversion.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.languages import HANT

__all__ = ["HANT", "PROFILE", "converter"]
PROFILE = "s2twp"


def converter(profile: str = PROFILE) -> Callable[[str], str]:
    """A Simplified → Traditional function (one OpenCC instance, kept by its caller)."""
    import opencc

    return opencc.OpenCC(profile).convert
