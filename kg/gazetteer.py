"""The official 统计用区划代码 (2023 edition), every level, with the names news text uses.

Identity is the code, never the name: nationally half of all village names and a third
of township names repeat (城关镇 ×88, 扎西岗村 ×14 in Tibet alone). The hierarchy comes
from code prefixes (2 province, 4 prefecture, 6 county, 9 township, 12 village digits),
as in cpca's ``belong_to``.

Provinces to townships (~45k rows) are loaded at start-up into one Aho-Corasick automaton
of surface forms; villages (620k rows) are loaded per county, lazily, only for the counties
an article is about.

Data: china-division 2.7.0 (WTFPL), from the National Bureau of Statistics' 2023 edition;
see ``kg/data/SOURCE.md``.
"""

from __future__ import annotations

import gzip
import os
import re
import weakref
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from kg.constants import CODE_LENGTH, LEVEL_OF_LENGTH, Level
from kg.data import table, words_of
from kg.errors import Errors, GazetteerError
from kg.matcher import NameMatcher

#: Rows of cities.csv/areas.csv that are placeholders, not places anyone names.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: Official names that are also class nouns: a township officially called 街道 or a
#: county-level zone called 经济技术开发区 would match every 新设街道5个. Such a name is
#: never matched on its own (the division still exists, and chains still reach it).
GENERIC_NAMES = frozenset(row["name"] for row in table("lexicon/class_place_names.tsv"))

#: counties whose village forms and automaton stay memoised (China has ~2,850)
_MAX_COUNTIES = 512
#: up to this many counties in one article, each county's automaton scans the text
_SCAN_PER_COUNTY = 8
_LENGTHS = tuple(CODE_LENGTH[level] for level in Level)

# Kinds of surface form, from most to least trustworthy. The recogniser accepts a
# ``short`` form only with supporting context (see kg.recognize.places).
FULL, HISTORIC, DERIVED, SHORT = "full", "historic", "derived", "short"


@dataclass(frozen=True)
class Division:
    """One row of the gazetteer."""

    code: str
    name: str

    @property
    def level(self) -> Level:
        return LEVEL_OF_LENGTH[len(self.code)]

    @property
    def parent_code(self) -> str | None:
        """Code one level up, by prefix (``540123202`` -> ``540123``)."""
        i = _LENGTHS.index(len(self.code))
        return self.code[: _LENGTHS[i - 1]] if i > 0 else None

    @property
    def display_name(self) -> str:
        """The name as news text writes it: villages lose 委员会 (see :func:`village_forms`)."""
        if self.level is Level.VILLAGE:
            return village_forms(self.name)[0]
        return self.name


@dataclass(frozen=True)
class Alias:
    """A surface form of a division: ``尼木`` is a ``short`` form of 尼木县 (540123)."""

    code: str
    kind: str


# ---------------------------------------------------------------------------
# The alias table: how the text writes official names. One function per rule, each
# saying why, so the rules stay general (no list of particular places).
# ---------------------------------------------------------------------------
_RE_VILLAGE = re.compile(r"^(?P<stem>.+?)(?P<kind>村民委员会|村委会|社区居民委员会|社区居委会"
                         r"|小区居民委员会|小区居委会|居民委员会|居委会)$")


_RE_GACHA = re.compile(r"^(?P<stem>.+?)嘎查(?P<kind>村民委员会|村委员会|人民委员会|委员会|委会|村委会|村)?$")


def village_forms(name: str) -> list[str]:
    """Text forms of an official village name, the display form first.

    The gazetteer writes the committee (``X村委会``, ``X社区居委会``, ``X居委会``); news
    text writes the place (``X村``, ``X社区``). ``X居委会`` is a community, ``X社区``.

    >>> village_forms("卡如村委会"), village_forms("森格居委会"), village_forms("巴彦芒哈嘎查委员会")
    (['卡如村', '卡如村委会'], ['森格社区', '森格居委会'], ['巴彦芒哈嘎查', '巴彦芒哈嘎查委员会'])
    """
    if gacha := _RE_GACHA.match(name):  # Inner Mongolia's villages: 嘎查 (and 嘎查村)
        forms = [gacha.group("stem") + "嘎查"]
        if "村" in (gacha.group("kind") or ""):
            forms.append(gacha.group("stem") + "嘎查村")
        return [*forms, name] if name not in forms else forms
    m = _RE_VILLAGE.match(name)
    if not m:
        return [name]
    stem, kind = m.group("stem"), m.group("kind")
    if kind.startswith("村"):
        # 永果村村委会 is the committee of 永果村, not of "永果村村"
        village = stem if stem.endswith("村") else stem + "村"
        return [village, village + "委会" if stem.endswith("村") else stem + "村委会"]
    if kind.startswith("小区"):
        return [stem + "社区", stem + "小区"]
    return [stem + "社区", stem + "居委会"]


def _load_ethnic_groups(path: Path) -> tuple[str, ...]:
    # longest first, so 土家 is tried before 土
    return tuple(sorted(words_of(path.read_text("utf-8")), key=len, reverse=True))


def _strip_ethnic(stem: str, groups: tuple[str, ...]) -> str:
    """``甘孜藏族`` -> ``甘孜``; ``双江拉祜族佤族布朗族傣族`` -> ``双江``; ``伊犁哈萨克`` ->
    ``伊犁`` (some official names omit 族)."""
    changed = True
    while changed:
        changed = False
        for group in groups:
            for suffix in (group + "族", group):
                if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
                    stem = stem[: -len(suffix)]
                    changed = True
                    break
    return stem


_RE_AUTONOMOUS = re.compile(r"^(?P<stem>.+?)(?:自治区|自治州|自治县|自治旗)$")
#: (official word, short form) of zones: 拉萨经济技术开发区 is written 拉萨经开区
_RE_ZONE = tuple((row["full"], row["word"]) for row in table("lexicon/level_words.tsv")
                 if "zone-short" in row["uses"].split())


def short_forms(name: str, level: Level, groups: tuple[str, ...]) -> list[str]:
    """Short forms news text uses for a province, prefecture or county.

    * 省/市/地区/盟/县/区/旗 dropped when a stem of two or more characters remains
      (``尼木县`` -> ``尼木``, ``阿里地区`` -> ``阿里``); one-character stems such as
      ``朗`` (朗县) are never produced: too many words contain them.
    * autonomous divisions lose the ethnic group as well (``甘孜藏族自治州`` -> ``甘孜``).
    * development zones use the newspaper abbreviation (``拉萨经济技术开发区`` ->
      ``拉萨经开区``).

    Autonomous prefectures, counties and banners are also written with their level
    character kept (``凉山州``, ``互助县``, ``鄂伦春旗``): see :func:`level_kept_forms`.

    >>> short_forms("西藏自治区", Level.PROVINCE, ("藏",)), short_forms("朗县", Level.COUNTY, ())
    (['西藏'], [])
    """
    forms: list[str] = []
    if m := _RE_AUTONOMOUS.match(name):
        forms.append(_strip_ethnic(m.group("stem"), groups))
    for long, short in _RE_ZONE:
        if name.endswith(long):
            forms.append(name[: -len(long)] + short)
    suffixes = {
        Level.PROVINCE: ("省", "市"),
        Level.PREFECTURE: ("地区", "市", "盟"),
        Level.COUNTY: ("县", "区", "市", "旗"),
    }.get(level, ())
    for suffix in suffixes:
        if name.endswith(suffix) and not name.endswith("自治" + suffix):
            forms.append(name[: -len(suffix)])
    return [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name]


def level_kept_forms(name: str, groups: tuple[str, ...]) -> list[str]:
    """``凉山彝族自治州`` -> ``凉山州``, ``互助土族自治县`` -> ``互助县``: the stem without its
    ethnic groups and 自治, with the level character kept; as certain as the full name.

    >>> level_kept_forms("阿坝藏族羌族自治州", ("藏", "羌")), level_kept_forms("西藏自治区", ("藏",))
    (['阿坝州'], [])
    """
    m = _RE_AUTONOMOUS.match(name)
    if m is None or name.endswith("自治区"):
        return []
    stem = _strip_ethnic(m.group("stem"), groups)
    return [stem + name[-1]] if len(stem) >= 2 and stem != m.group("stem") else []


def derived_township_forms(name: str, groups: tuple[str, ...]) -> list[str]:
    """Ethnic townships lose their ethnic part in the press: ``南伊珞巴民族乡`` -> ``南伊乡``,
    ``大龙潭彝族乡`` -> ``大龙潭乡``.

    >>> derived_township_forms("南伊珞巴民族乡", ("珞巴",)), derived_township_forms("大龙潭彝族乡", ("彝",))
    (['南伊乡'], ['大龙潭乡'])
    """
    for suffix in ("乡", "镇", "苏木"):
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        for marker in ("民族", "族"):
            if stem.endswith(marker):
                core = _strip_ethnic(stem[: -len(marker)], groups)
                if core != stem[: -len(marker)] and len(core) >= 2:
                    return [core + suffix]
    return []


@dataclass
class Gazetteer:
    """Divisions by code, a name automaton over their surface forms, lazy villages."""

    divisions: dict[str, Division]
    renames: dict[str, str]
    mastheads: dict[str, str] = field(default_factory=dict)
    #: conventional short names of autonomous divisions (abbreviations.tsv): 前郭县
    abbreviations: dict[str, str] = field(default_factory=dict)
    villages_path: Path | None = None
    ethnic_groups: tuple[str, ...] = ()
    _villages: dict[str, tuple[Division, ...]] = field(default_factory=dict, repr=False)
    _village_codes: dict[str, Division] = field(default_factory=dict, repr=False)
    _zips: dict[int, zipfile.ZipFile] = field(default_factory=dict, repr=False)
    _county_villages: dict[str, tuple[dict[str, tuple[str, ...]], NameMatcher]] = field(
        default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # close the archive when the gazetteer goes away (no ResourceWarning at exit)
        weakref.finalize(self, _close_all, self._zips)

    # -- lookups -----------------------------------------------------------------
    def get(self, code: str) -> Division | None:
        """The division with this code; village codes load their county's villages."""
        if len(code) == CODE_LENGTH[Level.VILLAGE]:
            self.villages_of(code[:6])  # loads the county's villages, indexed by code
            return self._village_codes.get(code)
        return self.divisions.get(code)

    def ancestors(self, code: str) -> list[Division]:
        """Divisions above ``code``, nearest first, skipping placeholder rows."""
        out: list[Division] = []
        division = self.get(code)
        parent = division.parent_code if division else None
        while parent:
            up = self.divisions.get(parent)
            if up is None:
                break
            if up.name not in _PLACEHOLDERS:
                out.append(up)
            parent = up.parent_code
        return out

    def parent(self, code: str) -> Division | None:
        ups = self.ancestors(code)
        return ups[0] if ups else None

    def villages_of(self, county_code: str) -> tuple[Division, ...]:
        """All villages and communities of one county, read on first use."""
        if county_code not in self._villages:
            villages = self._villages[county_code] = self._read_villages(county_code)
            self._village_codes.update((v.code, v) for v in villages)
        return self._villages[county_code]

    def _zip(self) -> zipfile.ZipFile:
        """The villages archive, opened once per process: reading its directory of 2,978
        members costs ~30 ms, and a handle must not be shared across a fork (the file
        offset would be)."""
        pid = os.getpid()
        if pid not in self._zips:
            self._zips.clear()
            self._zips[pid] = zipfile.ZipFile(self.villages_path)  # type: ignore[arg-type]
        return self._zips[pid]

    def _read_villages(self, county_code: str) -> tuple[Division, ...]:
        if self.villages_path is None:
            return ()
        try:
            data = self._zip().read(f"{county_code}.tsv").decode("utf-8")
        except KeyError:
            return ()
        rows = (line.split("\t", 1) for line in data.splitlines() if line)
        return tuple(Division(code, name) for code, name in rows)

    @cached_property
    def generic_counties(self) -> dict[str, dict[str, str]]:
        """Counties whose official name is a common word (阳泉市's 城区, 矿区, 郊区), as
        ``{prefecture code: {name: code}}``: left out of the automaton, such a name is a
        place only right after its prefecture (see ``kg.recognize.places``)."""
        table: dict[str, dict[str, str]] = defaultdict(dict)
        for division in self.divisions.values():
            if division.level is Level.COUNTY and division.name in GENERIC_NAMES:
                table[division.code[:4]][division.name] = division.code
        return dict(table)

    # -- surface forms ---------------------------------------------------------
    @cached_property
    def aliases(self) -> dict[str, tuple[Alias, ...]]:
        """Every surface form of provinces .. townships, with the codes it may denote."""
        table: dict[str, list[Alias]] = defaultdict(list)
        for division in self.divisions.values():
            if division.name in _PLACEHOLDERS or division.name in GENERIC_NAMES \
                    or self._same_city_row(division):
                continue
            table[division.name].append(Alias(division.code, FULL))
            level = division.level
            if level is Level.TOWNSHIP:
                for form in derived_township_forms(division.name, self.ethnic_groups):
                    table[form].append(Alias(division.code, DERIVED))
            else:
                for form in short_forms(division.name, level, self.ethnic_groups):
                    kind = DERIVED if form.endswith(tuple(short for _, short in _RE_ZONE)) else SHORT
                    table[form].append(Alias(division.code, kind))
                for form in level_kept_forms(division.name, self.ethnic_groups):
                    table[form].append(Alias(division.code, DERIVED))
        for old, code in self.renames.items():
            table[old].append(Alias(code, HISTORIC))
        for short, code in self.abbreviations.items():
            # 前郭县 names one county as surely as its full name; 博州 is two characters
            # like the stems the matcher weighs with context
            table[short].append(Alias(code, DERIVED if len(short) >= 3 else SHORT))
        return {form: tuple(sorted(set(a), key=lambda x: x.code)) for form, a in table.items()}

    def _same_city_row(self, division: Division) -> bool:
        """``442000 中山市`` under ``4420 中山市``: a prefecture-level city without districts
        (不设区的地级市: 东莞, 中山, 儋州) has a county-level row of its own name that holds its
        townships. The name is the city; the row stays for the townships' chains."""
        parent = self.parent(division.code) if division.level is Level.COUNTY else None
        return parent is not None and parent.name == division.name

    @cached_property
    def automaton(self) -> NameMatcher:
        """Aho-Corasick automaton over every surface form (aliases looked up after)."""
        return NameMatcher(self.aliases)

    def iter_matches(self, text: str) -> list[tuple[int, int, str]]:
        """All (start, end, form) occurrences of any surface form, overlapping ones too;
        the caller chooses among overlapping matches."""
        return self.automaton.find(text)

    def county_villages(self, county: str) -> tuple[dict[str, tuple[str, ...]], NameMatcher]:
        """The text forms of one county's villages -> the codes of the villages each may
        denote, and an automaton over them; memoised per county. Pages name the same
        counties again and again but rarely the same *set* of them: memoised per set, the
        forms were rebuilt for almost every page (a seventh of extraction)."""
        if county not in self._county_villages:
            if len(self._county_villages) >= _MAX_COUNTIES:
                self._county_villages.pop(next(iter(self._county_villages)))
            table: dict[str, list[str]] = defaultdict(list)
            for village in self.villages_of(county):
                for form in village_forms(village.name):
                    table[form].append(village.code)
            forms = {form: tuple(sorted(set(codes))) for form, codes in table.items()}
            self._county_villages[county] = (forms, NameMatcher(forms))
        return self._county_villages[county]

    def find_villages(self, text: str, county_codes: Iterable[str]
                      ) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Every occurrence in ``text`` of a village form of these counties, overlapping
        ones too, as (start, end, form, codes of the villages it may denote), ordered by
        end then start. A page names a few counties: each county's own automaton is run
        over it. A long article that names many gets one automaton over all of them (one
        pass over its text, not one per county)."""
        counties = sorted(set(county_codes))
        if len(counties) > _SCAN_PER_COUNTY:
            merged: dict[str, set[str]] = defaultdict(set)
            for county in counties:
                for form, codes in self.county_villages(county)[0].items():
                    merged[form].update(codes)
            forms = {form: tuple(sorted(codes)) for form, codes in merged.items()}
            return [(start, end, form, forms[form]) for start, end, form in NameMatcher(forms).find(text)]
        found: dict[tuple[int, int, str], set[str]] = {}
        for county in counties:
            forms, matcher = self.county_villages(county)
            for start, end, form in matcher.find(text):
                found.setdefault((start, end, form), set()).update(forms[form])
        return [(start, end, form, tuple(sorted(codes)))
                for (start, end, form), codes in sorted(found.items(), key=lambda m: (m[0][1], m[0][0]))]


def _close_all(handles: dict[int, zipfile.ZipFile]) -> None:
    for handle in handles.values():
        handle.close()
    handles.clear()


def _data_file(name: str) -> Path:
    path = Path(str(resources.files("kg.data").joinpath(name)))
    if not path.is_file():
        raise GazetteerError(Errors.E010.format(path=path))
    return path


def _code_table(path: Path, divisions: dict[str, Division]) -> dict[str, str]:
    """A ``name<TAB>code`` table (comments and header skipped), every code checked."""
    table: dict[str, str] = {}
    rows = [line for line in path.read_text("utf-8").splitlines()
            if line and not line.startswith("#")]
    for line in rows[1:]:  # after the header
        key, code = line.split("\t")[:2]
        if code not in divisions:
            raise GazetteerError(Errors.E011.format(code=code, name=key))
        table[key] = code
    return table


#: the files of a gazetteer folder: what scripts/build_gazetteer.py writes and the
#: hand-compiled tables whose codes must agree with it
GAZETTEER_FILES = ("divisions.tsv.gz", "villages.zip", "renames.tsv", "mastheads.tsv",
                   "abbreviations.tsv", "ethnic_groups.txt")


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load the packaged gazetteer, or every one of :data:`GAZETTEER_FILES` from
    ``data_dir`` (another edition of the codes comes with its own rename and masthead
    tables: a code table checked against one edition and used with another would link
    places to codes that do not exist).

    Raises:
        GazetteerError: a data file is missing or a table names a code the edition lacks.
    """
    def locate(name: str) -> Path:
        if data_dir is None:
            return _data_file(name)
        path = data_dir / name
        if not path.is_file():
            raise GazetteerError(Errors.E010.format(path=path))
        return path

    with gzip.open(locate("divisions.tsv.gz"), "rt", encoding="utf-8") as fh:
        divisions = {}
        for line in fh:
            code, name = line.rstrip("\n").split("\t", 1)
            divisions[code] = Division(code, name)
    return Gazetteer(
        divisions=divisions,
        renames=_code_table(locate("renames.tsv"), divisions),
        mastheads=_code_table(locate("mastheads.tsv"), divisions),
        abbreviations=_code_table(locate("abbreviations.tsv"), divisions),
        villages_path=locate("villages.zip"),
        ethnic_groups=_load_ethnic_groups(locate("ethnic_groups.txt")),
    )
