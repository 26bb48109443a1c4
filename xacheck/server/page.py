"""The self-check web page at ``/``: a form built from the field registry, the answer as ``check`` gives it.

The questions come in the questionnaire's order (``xacheck init``: the field most open rules need comes
first), labels and help in Chinese with an English switch, choices as selects, places offered from the
values the rules name. Values are typed as people type them (79.32%, 1.2亿, 2005/09/20) and read by the
same coercion as profile files; a value that cannot be read comes back on the form, the field marked and
named. The answer is the client report's sections (summary, gap plan, deadlines, every item with its
quoted clause), printable, with the decision (packs and their sha256) at the foot.

No external assets: inline CSS, one inline script line (the print button), nothing fetched.
"""
from __future__ import annotations

import datetime as _dt
import re
from html import escape
from typing import Any

from ..condition import parse_day
from ..fields import PROFILE_TYPES, Field
from ..i18n import status_label

W = {
    "title": ("政策自检", "Policy self-check"),
    "intro": ("填写您知道的信息即可，留空表示“不知道”（不会被当作“否”）。越靠前的问题对结果影响越大。",
              "Fill in what you know; a blank means \"don't know\" (never \"no\"). The first questions settle the most."),
    "type": ("主体类型", "Profile type"),
    "name": ("名称", "Name"),
    "as_of": ("评估日期", "Evaluate as of"),
    "submit": ("开始自检", "Check"),
    "more": ("更多字段（可选）", "More fields (optional)"),
    "unknown": ("— 不知道 —", "— don't know —"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "none": ("都不是", "none of them"),
    "multi": ("可多选（按住 Ctrl / ⌘）", "several allowed (hold Ctrl / ⌘)"),
    "print": ("打印 / 保存为 PDF", "Print / save as PDF"),
    "edit": ("修改信息", "Edit the answers"),
    "answer": ("自检结果", "Result"),
    "errors": ("以下信息无法读取，请修改后重新提交：", "These answers could not be read; please correct them:"),
    "decision": ("判断依据", "Decision"),
    "decision_text": ("xacheck {version} · 评估日期 {as_of} · 档案哈希 {profile}",
                      "xacheck {version} · as of {as_of} · profile hash {profile}"),
    "statuses": ("逐项状态", "Status of each item"),
    "api": ("接口文档", "API docs"),
    "switch": ("English", "中文"),
    "types": ("企业|项目|机构|城市/园区", "enterprise|project|institution|city / park"),
}

PAGE_CSS = """
.bar{display:flex;gap:1rem;align-items:center;justify-content:space-between;margin-bottom:1rem}
.bar a,.bar button{font-size:.95rem}
form.check fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.75rem 1rem}
form.check label{display:block;font-weight:600;margin-top:.75rem}
form.check .help{color:var(--muted);font-size:.85rem;font-weight:400}
form.check input[type=text],form.check select{width:100%;max-width:32rem;padding:.35rem;font-size:1rem}
form.check .err{color:var(--red);font-size:.9rem}
form.check .bad input,form.check .bad select{border:2px solid var(--red)}
.types a{margin-right:.75rem}.types a.on{font-weight:700;text-decoration:none;color:var(--fg)}
.errors{border:2px solid var(--red);padding:.5rem 1rem;border-radius:6px;margin-bottom:1rem}
table.statuses td,table.statuses th{padding:.2rem .5rem;border-bottom:1px solid var(--line);text-align:left}
button.primary{font-size:1.05rem;padding:.5rem 1.5rem;margin-top:1rem}
@media print{.noprint,form.check{display:none}}
"""


def w(key: str, lang: str, **kw: Any) -> str:
    zh, en = W[key]
    return (en if lang == "en" else zh).format(**kw)


def e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


def fields_in_order(engine, ptype: str, as_of: _dt.date) -> tuple[list[Field], list[Field]]:
    """(decisive questions first, then the other fields of this profile type)."""
    from ..questionnaire import Questionnaire

    reg = engine.registry
    q = Questionnaire(list(engine.packs), reg, as_of, values={"type": ptype})
    first = [c.field for c in q.candidates()]
    seen = {f.key for f in first} | {"type", "name", "id"}
    rest = [f for f in reg.fields.values() if ptype in f.applies_to and f.key not in seen]
    return first, rest


def places(engine, key: str) -> list[str]:
    """The values the rules compare a text field with (西安市, 西安高新区 …): offered as suggestions."""
    out: list[str] = []
    pat = re.compile(rf"\b{re.escape(key)}\b\s*(?:==|!=|in)\s*(\[[^\]]*\]|'[^']*'|\"[^\"]*\")")
    for p in engine.packs:
        for r in p.rules:
            for c in r.when:
                for m in pat.finditer(c.text):
                    for lit in re.findall(r"'([^']*)'|\"([^\"]*)\"", m.group(1)):
                        v = lit[0] or lit[1]
                        if v and v not in out:
                            out.append(v)
    return out


def _input(engine, f: Field, lang: str, raw: Any, err: str | None) -> str:
    name = f"f.{f.key}"
    label = f.label(lang)
    help_text = f.help_en if lang == "en" else f.help_zh
    unit = f" · {f.unit}" if f.unit and f.unit not in label else ""
    head = (f'<label for="{e(name)}">{e(label)} <span class="help">({e(f.key)}{e(unit)})</span>'
            + (f'<br><span class="help">{e(help_text)}</span>' if help_text else "") + "</label>")
    if f.type == "boolean":
        cur = str(raw or "")
        opts = [("", w("unknown", lang)), ("是", w("yes", lang)), ("否", w("no", lang))]
        ctl = f'<select id="{e(name)}" name="{e(name)}">' + "".join(
            f'<option value="{e(v)}"{" selected" if v == cur else ""}>{e(t)}</option>' for v, t in opts) + "</select>"
    elif f.type == "enum":
        cur = str(raw or "")
        ctl = (f'<select id="{e(name)}" name="{e(name)}"><option value="">{e(w("unknown", lang))}</option>'
               + "".join(f'<option value="{e(c)}"{" selected" if c == cur else ""}>{e(c)}</option>' for c in f.choices)
               + "</select>")
    elif f.type == "list" and f.choices:
        cur = set(raw or []) if isinstance(raw, (list, tuple)) else ({raw} if raw else set())
        ctl = (f'<select id="{e(name)}" name="{e(name)}" multiple size="{min(len(f.choices) + 1, 8)}">'
               + f'<option value="无"{" selected" if "无" in cur else ""}>{e(w("none", lang))}</option>'
               + "".join(f'<option value="{e(c)}"{" selected" if c in cur else ""}>{e(c)}</option>' for c in f.choices)
               + f'</select><div class="help">{e(w("multi", lang))}</div>')
    else:
        sugg = places(engine, f.key) if f.type == "string" else []
        lst = f' list="dl-{e(f.key)}"' if sugg else ""
        mode = ' inputmode="decimal"' if f.type in ("number", "integer") else ""
        ctl = f'<input type="text" id="{e(name)}" name="{e(name)}" value="{e(raw or "")}"{lst}{mode}>'
        if sugg:
            ctl += f'<datalist id="dl-{e(f.key)}">' + "".join(f'<option value="{e(s)}">' for s in sugg) + "</datalist>"
    msg = f'<div class="err" role="alert">{e(err)}</div>' if err else ""
    return f'<div class="q{" bad" if err else ""}" data-field="{e(f.key)}">{head}{ctl}{msg}</div>'


def form_html(engine, lang: str, ptype: str, raw: dict, errors: dict[str, str], today: str) -> str:
    as_of = raw.get("as_of") or today
    try:
        day = parse_day(str(as_of))
    except ValueError:
        day = _dt.date.fromisoformat(today)
    first, rest = fields_in_order(engine, ptype, day)
    names = w("types", lang).split("|")
    types = " ".join(f'<a href="/?type={t}&amp;lang={lang}" class="{"on" if t == ptype else ""}">{e(n)}</a>'
                     for t, n in zip(PROFILE_TYPES, names))
    name_f = engine.registry.fields["name"]
    top = [f'<div class="types noprint">{e(w("type", lang))}: {types}</div>',
           f'<input type="hidden" name="type" value="{e(ptype)}"><input type="hidden" name="lang" value="{e(lang)}">',
           _input(engine, name_f, lang, raw.get("name"), errors.get("name")),
           f'<div class="q{" bad" if "as_of" in errors else ""}"><label for="as_of">{e(w("as_of", lang))}'
           f' <span class="help">(YYYY-MM-DD)</span></label>'
           f'<input type="text" id="as_of" name="as_of" value="{e(as_of)}">'
           + (f'<div class="err" role="alert">{e(errors["as_of"])}</div>' if "as_of" in errors else "") + "</div>"]
    main = [_input(engine, f, lang, raw.get(f.key), errors.get(f.key)) for f in first]
    more = [_input(engine, f, lang, raw.get(f.key), errors.get(f.key)) for f in rest]
    open_more = " open" if any(f.key in errors or raw.get(f.key) for f in rest) else ""
    return (f'<form class="check" id="checkform" method="post" action="/" accept-charset="utf-8">'
            f'<fieldset>{"".join(top)}</fieldset><fieldset>{"".join(main)}</fieldset>'
            + (f'<details{open_more}><summary>{e(w("more", lang))}</summary><fieldset>{"".join(more)}</fieldset></details>'
               if more else "")
            + f'<button class="primary" type="submit" id="submit">{e(w("submit", lang))}</button></form>')


def shell(lang: str, title: str, body: str, switch_href: str, keep_answers: bool = False) -> str:
    """The page around ``body``; on an answer the language switch submits the answers again (nothing retyped)."""
    from ..render.html import CSS

    html_lang = "en" if lang == "en" else "zh-CN"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n'
            f'<title>{e(title)}</title>\n<style>{CSS}{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n'
            f'<div class="bar noprint"><b>xacheck · {e(w("title", lang))}</b><span>'
            + (f'<button type="submit" form="checkform" name="switch_lang" value="{"zh" if lang == "en" else "en"}" '
               f'id="lang-switch">{e(w("switch", lang))}</button> · ' if keep_answers else
               f'<a href="{e(switch_href)}" id="lang-switch">{e(w("switch", lang))}</a> · ')
            + f'<a href="/docs">{e(w("api", lang))}</a></span></div>\n{body}\n</main>\n</body>\n</html>\n')


def form_page(engine, lang: str, ptype: str, raw: dict, errors: dict | None, today: str) -> str:
    ptype = ptype if ptype in PROFILE_TYPES else "enterprise"
    other = "zh" if lang == "en" else "en"
    intro = f'<h1>{e(w("title", lang))}</h1><p>{e(w("intro", lang))}</p>'
    return shell(lang, w("title", lang), intro + form_html(engine, lang, ptype, raw, errors or {}, today),
                 f"/?type={ptype}&lang={other}")


def read_form(form, reg) -> tuple[str, dict, dict]:
    """(type, raw values as typed — what the form shows again —, the profile mapping to load)."""
    ptype = str(form.get("type") or "enterprise")
    raw: dict[str, Any] = {}
    mapping: dict[str, Any] = {"type": ptype}
    for key in {k[2:] for k in form.keys() if k.startswith("f.")}:
        f = reg.fields.get(key)
        if f is None:
            continue
        vals = [str(v).strip() for v in form.getlist(f"f.{key}") if str(v).strip()]
        if not vals:
            continue
        if f.type == "list":
            raw[key] = vals
            mapping[key] = [] if vals == ["无"] else [v for v in vals if v != "无"]
        else:
            raw[key] = mapping[key] = vals[0]
    raw["as_of"] = str(form.get("as_of") or "").strip()
    return ptype, raw, mapping


def answer(engine, form, lang: str, today: str, log=None) -> tuple[int, str]:
    """(HTTP status, page): the answer, or the form again with the field that could not be read marked."""
    from ..errors import XacheckError
    from ..profiles import profile_from_mapping
    from ..render.data import report_dict
    from ..render.html import sections

    reg = engine.registry
    ptype, raw, mapping = read_form(form, reg)
    ptype = ptype if ptype in PROFILE_TYPES else "enterprise"
    errors: dict[str, str] = {}
    try:
        day = parse_day(raw["as_of"] or today)
    except ValueError:
        errors["as_of"] = (f"'{raw['as_of']}' is not a date YYYY-MM-DD" if lang == "en"
                           else f"“{raw['as_of']}”不是日期（YYYY-MM-DD）")
    prof = None
    if not errors:
        try:
            prof = profile_from_mapping(mapping, reg, source="<form>")
        except XacheckError as exc:
            from .messages import field_detail, say

            key = exc.location.field or ""
            errors[key] = say("bad_field", lang, label=reg.label(key, lang), field=key,
                              detail=field_detail(exc.message, key, reg))
    if errors:
        other = "zh" if lang == "en" else "en"
        listing = "".join(f"<li>{e(m)}</li>" for m in errors.values())
        body = (f'<h1>{e(w("title", lang))}</h1><div class="errors" role="alert" id="errors">'
                f'<p>{e(w("errors", lang))}</p><ul>{listing}</ul></div>'
                + form_html(engine, lang, ptype, raw, errors, today))
        return 422, shell(lang, w("title", lang), body, f"/?type={ptype}&lang={other}", keep_answers=True)
    ans = engine.check(prof, day, lang=lang)
    if log is not None:
        log.write("page", ans)
    rep = ans.report()
    data = report_dict(rep, lang)
    dec = ans.decision
    name = prof.name if prof.values.get("name") else w("answer", lang)
    statuses = "".join(f'<tr data-rule="{e(r["id"])}" data-status="{e(r["status"])}"><td>{e(r["id"])}</td>'
                       f'<td>{e(r["title"])}</td><td class="status">{e(status_label(r["status"], lang))}</td></tr>'
                       for r in data["results"])
    packs = "; ".join(f'{p["id"]} {p["version"] or ""} sha256 {p["sha256"][:16]}…' for p in dec["packs"])
    other = "zh" if lang == "en" else "en"
    body = (f'<header><h1>{e(name)}</h1><div class="meta">{e(w("answer", lang))} · {e(w("as_of", lang))} '
            f'{e(day.isoformat())}</div></header>'
            f'<div class="bar noprint"><span><button type="button" onclick="window.print()" id="print">'
            f'{e(w("print", lang))}</button></span><a href="#edit">{e(w("edit", lang))}</a></div>'
            f'<div id="answer">{sections(rep, lang, data)}'
            f'<section id="statuses"><h2>{e(w("statuses", lang))}</h2><table class="statuses">{statuses}</table></section>'
            f'<footer id="decision">{e(w("decision", lang))}: '
            f'{e(w("decision_text", lang, version=dec["xacheck"], as_of=dec["as_of"], profile=dec["profile_sha256"][:16] + "…"))}'
            f'<br>{e(packs)}</footer></div>'
            f'<h2 id="edit" class="noprint">{e(w("edit", lang))}</h2>'
            + form_html(engine, lang, ptype, raw, {}, today))
    return 200, shell(lang, f"{name} · {w('answer', lang)}", body, f"/?type={ptype}&lang={other}", keep_answers=True)
