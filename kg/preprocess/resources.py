"""Regular expressions and character classes used by preprocessing and segmentation.

Compiled once here (textacy's ``resources.py``), so stages stay pure functions.
"""

from __future__ import annotations

import re

#: Characters that end a sentence or a paragraph in Chinese news text.
SENTENCE_END = "。！？!?；;…"
#: Closing quotes and brackets that may follow a sentence end.
CLOSERS = "”’」』）)》〉】"
#: Characters removed outright: zero-width, BOM, word joiner, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Characters mapped to an ordinary space.
SPACES = "\u00a0\u3000\u2002\u2003\u2009\u202f"

RE_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
RE_SUBHEADLINE = re.compile(r"^(——|--|—)\s*\S")
#: A byline: 本报记者 X / 记者 X Y / 通讯员 X, alone on a line (names are short).
RE_BYLINE = re.compile(
    r"^(?:本报)?(?:特约)?(?:记者|通讯员|实习生|见习记者)[\s　]*"
    r"(?:[\u4e00-\u9fff·]{1,6}[\s　]*){1,4}"
    r"(?:[\s　]*(?:本报)?(?:记者|通讯员)[\s　]*(?:[\u4e00-\u9fff·]{1,6}[\s　]*){1,4})*$"
)
#: A photo credit: 本报记者 X 摄 (may follow a caption on the same line).
RE_PHOTO_CREDIT = re.compile(r"(?:本报)?(?:记者|通讯员)[\s　]*(?:[\u4e00-\u9fff·]{1,6}[\s　]*){1,4}摄\s*$")
#: A dateline at the start of a paragraph: 本报昌都电（记者 万慧） / 本报拉萨讯(记者 X)
RE_DATELINE = re.compile(
    r"^(?:本报|新华社)(?P<place>[\u4e00-\u9fff]{0,8}?)(?:\d{1,2}月\d{1,2}日)?(?:电|讯)"
    r"(?:[（(](?P<credit>[^）)]{0,40})[）)])?"
)
RE_CAPTION_START = re.compile(r"^(?:图为|图[一二三四五六七八九十\d]+[：:]|[▲▼△▽◀▶]|上图|下图|左图|右图)")
