"""What a spreadsheet row is, before anything is scored: a firm's data (or a project's, a region's), a blank
row, a note (``注：数据来源于客户自报，单位万元。``, ``填表人：张三``), a totals row (``合计``) — or a row the reader
could not read (a line that is not a JSON object, a CSV row of the wrong width).

Only data rows are scored and counted; the others keep their place in the output (rows in = rows out),
marked in the ``row_kind`` column (:data:`KINDS`). A totals row and an unreadable one also carry an error
(the exit code says so); a blank row and a note do not — they are what spreadsheets made for people hold.
"""
from __future__ import annotations

#: the values of the ``row_kind`` result column, by code (the code is what the query carries)
KINDS = ("scored", "blank", "note", "totals", "unreadable")
SCORED, BLANK, NOTE, TOTALS, UNREADABLE = range(len(KINDS))

#: what a spreadsheet's name cell says on a row of sums (合计 / 小计 …, spaces and a colon aside); not
#: "Total" alone, which is also a firm's name
TOTAL_WORDS = {"合计", "总计", "小计", "总合计", "累计", "subtotal", "grandtotal"}

#: the start of a note row's first filled cell: 注：/ 注1：/ 注①, 备注：, 说明：, 数据来源：, 单位：万元, 填表人：…,
#: Note:, Source:, a * or ※ and a space or one of those words (a firm's id, number or name never starts so —
#: *ST海润, a listed firm under special treatment, is a firm)
NOTE_RE = (r"(?i)^(?:(?:注\s*[0-9一二三四五六七八九十]*|备注|说明|填表说明|填报说明|数据来源|资料来源|来源|单位|金额单位|"
           r"填表人|填报人|制表人|审核人|负责人|联系人|联系电话|电话|填报日期|制表日期|填表日期|日期|notes?|sources?)\s*[:：]"
           r"|注\s*[①-⑳]|[*※]+(?:\s|注|说明|备注|数据|资料|来源|单位))")
#: cheap first look (one column, substring search) for the rows worth the exact look: the words above and
#: any whitespace (a cell of spaces is blank)
_MARKERS = ["计", "total", "注", "备", "说明", "来源", "单位", "填", "制表", "审核", "负责", "联系", "电话", "日期",
            "note", "source", "*", "※", "。", " ", "\t", "\u3000", "\xa0", "\r", "\n"]


def classify(df, name_col: str | None, errors=None, lang: str = "zh"):
    """``(kind, message)`` per row of ``df`` (text columns): ``kind`` a UInt8 Series of :data:`KINDS` codes,
    ``message`` the error of a totals or unreadable row (else null), in ``lang``. ``name_col``: the column
    of the firm's name (or id); ``errors``: the reader's error per row (a String Series, null where read).

    A row is *blank* when no cell holds anything but spaces; a *totals* row when its name (or, with the
    name blank, its first filled cell) says 合计 / 小计 / 总计 …; a *note* when its first filled cell starts
    like one (:data:`NOTE_RE`), or it is a single sentence ending in "。". A substring scan of the name
    column picks the few rows worth the exact look (a register of a million firms pays ~0.02 s).
    """
    import polars as pl

    from .cells import PY_SPACE

    n = df.height
    kind = pl.repeat(SCORED, n, dtype=pl.UInt8, eager=True)
    message = pl.repeat(None, n, dtype=pl.String, eager=True)
    if errors is not None and errors.null_count() < n:
        bad = errors.is_not_null().arg_true()
        kind = kind.scatter(bad, UNREADABLE)
        message = message.scatter(bad, errors.gather(bad))
    cols = list(df.columns)
    if not cols or not n:
        return kind, message

    def maybe(c):
        return pl.col(c).cast(pl.String).str.contains_any(_MARKERS, ascii_case_insensitive=True).fill_null(False)

    idx = "@row"
    while idx in cols:  # (never an input column's name)
        idx += "_"
    if name_col is not None and name_col in cols:
        name = pl.col(name_col).cast(pl.String)
        look = df.with_row_index(idx).filter(name.is_null() | (name.str.len_bytes() == 0) | maybe(name_col))
    else:
        empty = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).cast(pl.String).str.len_bytes() == 0) for c in cols])
        look = df.with_row_index(idx).filter(empty | pl.any_horizontal([maybe(c) for c in cols]))
    if errors is not None:
        look = look.filter(pl.Series(errors.is_null()).gather(look[idx]))
    if look.height == 0:
        return kind, message
    text = [pl.col(c).cast(pl.String).str.strip_chars(PY_SPACE) for c in cols]
    filled = [pl.when(t.str.len_bytes() > 0).then(t) for t in text]
    first = pl.coalesce(filled)
    count = pl.sum_horizontal([f.is_not_null().cast(pl.UInt32) for f in filled])
    if name_col is not None and name_col in cols:
        own = pl.col(name_col).cast(pl.String).str.strip_chars(PY_SPACE)
        word = pl.when(own.is_null() | (own == "")).then(first).otherwise(own)
    else:
        word = first
    folded = word.str.replace_all(r"[\s:：]", "").str.to_lowercase()
    got = look.select(
        pl.col(idx), first.alias("first"), count.alias("count"), word.alias("word"),
        folded.is_in(sorted(TOTAL_WORDS)).fill_null(False).alias("totals"),
        (first.str.contains(NOTE_RE) | ((count == 1) & first.str.ends_with("。"))).fill_null(False).alias("note"))
    blank = got.filter(pl.col("count") == 0)[idx]
    totals = got.filter((pl.col("count") > 0) & pl.col("totals"))
    note = got.filter((pl.col("count") > 0) & ~pl.col("totals") & pl.col("note"))[idx]
    kind = kind.scatter(blank, BLANK).scatter(note, NOTE).scatter(totals[idx], TOTALS)
    if totals.height:
        from ..i18n import msg

        head, tail = msg(lang, "a totals row ({word}), not a firm: left unscored", word="\0").split("\0")
        message = message.scatter(totals[idx], head + totals["word"] + tail)
    return kind, message
