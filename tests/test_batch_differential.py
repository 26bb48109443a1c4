"""The columnar engine against the row evaluator: identical statuses on thousands of seeded profiles.

The row evaluator (xacheck.evaluate.evaluate_rule on profile_from_mapping) is the reference; the
columnar scorer must agree on every rule for every row, including the exact boundaries a float would
get wrong (revenue 50000, 4317.81 / 86356.2 = 5%), zero denominators, missing and broken cells.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

pl = pytest.importorskip("polars")

from xacheck.batch import Layout, Scorer  # noqa: E402
from xacheck.errors import ProfileError  # noqa: E402
from xacheck.i18n import Msg  # noqa: E402
from xacheck.evaluate import evaluate_rule  # noqa: E402
from xacheck.packs import load_packs, load_pack_text  # noqa: E402
from xacheck.profiles import profile_from_mapping  # noqa: E402

AS_OF = dt.date(2026, 6, 1)

EDGE_PACK = """
pack: edge
title: {zh: 边界, en: Edge cases}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
rules:
  - {id: edge.shuangwu, kind: programme, clause: '1', title: {zh: 双五, en: d5}, quote: q, applies_to: [enterprise],
     when: [revenue_wan > 50000, rd_intensity > 5%], supports: [{zh: 培育, en: grow}]}
  - {id: edge.ratio-or, kind: measure, clause: '2', title: {zh: 或, en: or}, quote: q, applies_to: [enterprise],
     when: ["rd_expense_wan / revenue_wan >= 0.05 or tech_staff_ratio >= 10%"], supports: [{zh: 奖励, en: award}]}
  - {id: edge.not-in, kind: measure, clause: '3', title: {zh: 非, en: not}, quote: q, applies_to: [enterprise, institution],
     when: ["not (city == '西安市') or '高新技术企业' in titles", "'瞪羚企业' not in titles"]}
  - {id: edge.any-in, kind: measure, clause: '4', title: {zh: 领域, en: fields}, quote: q, applies_to: [enterprise],
     when: ["any_in(industry_fields, ['光子', '超导'])", "count_in(titles, ['高新技术企业', '瞪羚企业', '硬科技企业']) >= 2"]}
  - {id: edge.known, kind: measure, clause: '5', title: {zh: 已知, en: known}, quote: q, applies_to: [enterprise],
     when: ["known(revenue_wan) and revenue_wan - rd_expense_wan * 2 <= 40000", "known(rd_intensity) or employees > 10"]}
  - {id: edge.minmax, kind: measure, clause: '6', title: {zh: 最值, en: minmax}, quote: q, applies_to: [enterprise],
     when: ["min(revenue_wan, total_assets_wan) >= 100", "max(revenue_wan, total_assets_wan, 10) < 2000000",
            "abs(rd_expense_wan - 4317.81) >= 0.01"]}
  - {id: edge.dates, kind: measure, clause: '7', title: {zh: 日期, en: dates}, quote: q, applies_to: [enterprise],
     when: ["years_between(established, as_of) >= 1", "established <= date('2025-11-22')"]}
  - {id: edge.zero-den, kind: measure, clause: '8', title: {zh: 零, en: zero}, quote: q, applies_to: [enterprise],
     when: ["employees / (tech_staff - 5) > 0.5", "tech_staff / (revenue_wan - total_assets_wan) < 0.01"]}
  - {id: edge.neg, kind: measure, clause: '9', title: {zh: 负, en: neg}, quote: q, applies_to: [enterprise],
     when: ["-revenue_wan < -1000", "zone in ['西安高新区', '西安经开区']", "invention_patents in [0, 3, 5]"]}
  - {id: edge.qual, kind: measure, clause: '10', title: {zh: 评审, en: qual}, quote: q, applies_to: [enterprise],
     when: ["city == '西安市'", "is_leading_enterprise"],
     assessment: {criteria: [{zh: 评审, en: review}], evidence: [{zh: 材料, en: docs}]}}
  - {id: edge.always, kind: measure, clause: '11', title: {zh: 普遍, en: all}, quote: q, applies_to: [enterprise],
     supports: [{zh: 服务, en: service}, {zh: 咨询, en: advice}]}
  - {id: edge.expired, kind: measure, clause: '12', title: {zh: 过期, en: expired}, quote: q, applies_to: [enterprise],
     valid_until: 2025-12-31, when: [revenue_wan > 1]}
  - {id: edge.future, kind: measure, clause: '13', title: {zh: 未来, en: future}, quote: q, applies_to: [enterprise],
     valid_from: 2027-01-01, when: [revenue_wan > 1]}
  - {id: edge.open-list, kind: measure, clause: '16', title: {zh: 等领域, en: open}, quote: q, applies_to: [enterprise],
     when: ["city == '西安市'", {expr: "any_in(industry_fields, ['光子', '超导'])", open: true}, revenue_wan > 1000],
     supports: [{zh: 支持, en: support}]}
  - {id: edge.zone, kind: measure, clause: '15', title: {zh: 园区, en: zone}, quote: q, applies_to: [enterprise],
     when: ["city == '西安市' and zone == '西安高新区'"]}
  - {id: edge.mixed-eq, kind: measure, clause: '14', title: {zh: 类型, en: types}, quote: q, applies_to: [enterprise],
     when: ["established == date('2020-01-01') or tech_staff * 3 > employees", "city != '宝鸡市'"]}
"""

COLUMNS = {"id": "编号", "name": "名称", "city": "所在城市", "district": "district", "revenue_wan": "营业收入（万元）",
           "rd_expense_wan": "研发费用(万元)", "total_assets_wan": "total_assets_wan", "employees": "employees",
           "tech_staff": "tech_staff", "established": "established", "titles": "titles",
           "industry_fields": "industry_fields", "invention_patents": "invention_patents",
           "is_leading_enterprise": "is_leading_enterprise", "rd_expense_prior_year_wan": "rd_expense_prior_year_wan",
           "type": "type", "has_three_firsts_product": "has_three_firsts_product", "chain_role": "chain_role",
           "institution_kind": "institution_kind", "address": "注册地址"}

BOUNDARY_ROWS = [
    {"revenue_wan": "50000", "rd_expense_wan": "3000"},            # exactly 5亿: not 超过
    {"revenue_wan": "86356.2", "rd_expense_wan": "4317.81"},       # exactly 5%: not 超过
    {"revenue_wan": "86356.2", "rd_expense_wan": "4317.82"},
    {"revenue_wan": "0", "rd_expense_wan": "10"},                  # x / 0 is unknown
    {"revenue_wan": "", "rd_expense_wan": "10"},
    {"employees": "7", "tech_staff": "5"},                         # employees / 0
    {"employees": "0", "revenue_wan": "5"},
    {"revenue_wan": "1,234.5", "rd_expense_wan": " 61.725 "},      # thousands separator, spaces; exactly 5%
    {"revenue_wan": "abc"},                                        # broken cells
    {"employees": "3.5"},
    {"established": "2024-02-30"},
    {"revenue_wan": "-1"},
    {"revenue_wan": "１２３"},                                       # full-width digits: the row path
    {"established": "20240301"},
    {"titles": "高新技术企业，瞪羚企业"},
    {"titles": "不存在的称号"},
    {"is_leading_enterprise": "是", "city": "西安市"},
    {"is_leading_enterprise": "maybe"},
    {"type": "institution", "city": "西安市"},
    {"type": "region"},
    {"type": "spaceship"},
    {"revenue_wan": "1e3"},
    {"revenue_wan": "1234567890123.5"},                           # 13 integer digits: the row path
    {"revenue_wan": "0.1234567"},                                 # 7 decimals: the row path
    # plain-form edges of the vectorised number check: a 7th decimal must not be rounded away at a boundary
    {"revenue_wan": "50000.0000001", "rd_expense_wan": "5000"},   # > 5亿 only by the 7th decimal
    {"revenue_wan": "86356.2", "rd_expense_wan": "4317.8100001"}, # > 5% only by the 7th decimal
    {"revenue_wan": "86356.2", "rd_expense_wan": "4317.8099999999"},
    {"revenue_wan": "86356.20000000", "rd_expense_wan": "4317.810000"},
    {"revenue_wan": "+60000", "rd_expense_wan": "+4000"},         # leading '+'
    {"revenue_wan": ".5", "rd_expense_wan": "5."},                # no digit before / after the point
    {"revenue_wan": "-.5"},
    {"revenue_wan": "6E4", "rd_expense_wan": "4e3"},              # exponents
    {"revenue_wan": "5e-1"},
    {"revenue_wan": " 60000", "rd_expense_wan": "4000 "},         # spaces
    {"revenue_wan": "\t60000"},
    {"revenue_wan": "60 000"},
    {"revenue_wan": "00060000", "rd_expense_wan": "-0"},          # leading zeros, negative zero
    {"revenue_wan": "123456789012.123456", "rd_expense_wan": "1"},  # the largest plain form
    {"revenue_wan": "1234567890123", "rd_expense_wan": "1"},
    {"employees": "+7", "tech_staff": "7.0"},
    {"employees": "1e1", "tech_staff": "5.000000"},
    {"established": "2024-3-1"},                                   # one-digit month and day: the row path
    {"established": " 2024-03-01"},
    {"is_leading_enterprise": " 是 "},
]


def _num(rng: random.Random, *choices) -> str:
    r = rng.random()
    if r < 0.08:
        return ""
    if r < 0.35:
        return str(rng.choice(choices))
    return str(round(rng.uniform(0, 100000), rng.choice([0, 1, 2, 3])))


#: list cells that are not items: "none at all" (a known empty list), unknown, or refused ("无" among items)
LIST_WORDS = ["无", "没有", "[]", " 无 ", "N/A", "none", "—", "暂无", "NONE", "无、光子", "[ ]", "ｎ／ａ"]


def _list_cell(rng, choices, sep, most):
    r = rng.random()
    if r < 0.08:
        return ""
    if r < 0.16:
        return rng.choice(LIST_WORDS)
    return sep.join(rng.sample(choices, rng.randint(0, most)))


def gen_rows(n: int, seed: int = 20261122) -> list[dict]:
    rng = random.Random(seed)
    titles = ["高新技术企业", "瞪羚企业", "硬科技企业", "科技型中小企业", "高企", "瞪羚", '专精特新"小巨人"企业']
    fields = ["光子", "超导", "无人机", "其他"]
    rows = []
    for i in range(n):
        row = {
            "id": f"{i:06d}", "name": f"企业{i}",
            # places as people write them (xacheck.places): short and English names, codes, a typo, an address
            "city": rng.choice(["西安市", "西安市", "宝鸡市", "", " 西安市", "西安", "Xi'an", "西按市", "宝鸡", "610100"]),
            "district": rng.choice(["西安高新区", "经开区", "碑林区", "", "高新区", "雁塔区", "长安区", "新城区",
                                    "西安高新技术产业开发区", "陕西省西安市雁塔区", "宝鸡高新区", "雁塄区"]),
            "address": rng.choice(["", "", "", "陕西省西安市高新区锦业路1号", "陕西省西安市雁塔区丈八一路2号",
                                   "中国 陕西省 宝鸡市 高新区", "北京市朝阳区建国路", "西安市未央路100号", "火星"]),
            "revenue_wan": _num(rng, 50000, "50000.00", 86356.2, 0, 100, 20000, "50000.01"),
            "rd_expense_wan": _num(rng, 4317.81, 4317.82, 2500, 0, 3000, "2500.000001"),
            "total_assets_wan": _num(rng, 100, 99.99, 2000000, 0),
            "employees": rng.choice(["", "0", "5", "10", "11", "100", "500", str(rng.randint(1, 3000))]),
            "tech_staff": rng.choice(["", "0", "5", "1", "10", str(rng.randint(0, 300))]),
            "established": rng.choice(["", "2025-11-22", "2025-11-23", "2025-06-01", "2025-06-02", "2024-02-29",
                                       "2020-01-01", f"{rng.randint(1990, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]),
            "titles": _list_cell(rng, titles, "、", 3),
            "industry_fields": _list_cell(rng, fields, ",", 2),
            "invention_patents": rng.choice(["", "0", "3", "4", "5"]),
            "is_leading_enterprise": rng.choice(["", "true", "false", "是", "否", "Yes"]),
            "type": rng.choice(["", "enterprise", "enterprise", "企业", "institution", "机构"]),
        }
        if rng.random() < 0.01:
            row.update(rng.choice(BOUNDARY_ROWS))
        rows.append(row)
    for j, b in enumerate(BOUNDARY_ROWS):
        rows.append({"id": f"b{j}", "name": "边界", **b})
    return rows


def reference(rows, rules, reg):
    """Statuses by the row evaluator; None for every rule when the row does not load."""
    out = []
    for row in rows:
        data = {k: v for k, v in row.items() if v not in ("", None)}
        try:
            prof = profile_from_mapping(data, reg)
        except ProfileError:
            out.append(None)
            continue
        out.append({r.id: (evaluate_rule(r, prof, AS_OF, reg).status if prof.type in r.applies_to else None)
                    for r in rules})
    return out


def frame(rows):
    keys = list(COLUMNS)
    return pl.DataFrame({COLUMNS[k]: [r.get(k) for r in rows] for k in keys}, schema={COLUMNS[k]: pl.String for k in keys})


def layout():
    return Layout(fields={k: v for k, v in COLUMNS.items()}, passthrough=[])


@pytest.fixture(scope="module")
def edge_rules(reg):
    return list(load_pack_text(EDGE_PACK, "edge.yaml", reg).rules)


def _compare(rules, reg, rows, require_columnar=True):
    scorer = Scorer(rules, reg, AS_OF, layout())
    if require_columnar:
        refused = [(c.rule.id, c.why) for c in scorer.compiled if c.conds is None and c.rule.target is None]
        assert refused == []
    df = frame(rows)
    out = scorer.score(df)
    assert out.height == len(rows)
    ref = reference(rows, rules, reg)
    bad = []
    for i, (row, want) in enumerate(zip(rows, ref)):
        got = out.row(i, named=True)
        if want is None:
            if got["error"] is None:
                bad.append((row, "expected an error"))
            continue
        for rid, st in want.items():
            if got[rid] != st:
                bad.append((row, rid, st, got[rid]))
    assert not bad, bad[:5]
    return scorer, out


def test_differential_edge_pack(reg, edge_rules):
    rows = gen_rows(4000)
    _compare(edge_rules, reg, rows)
    # the columnar path, not the row path, decided nearly every row
    df = frame(rows)
    from xacheck.batch import cells
    plains = [cells.typed(reg.fields[k], c)[1] for k, c in COLUMNS.items()]
    plain = df.select(pl.all_horizontal(plains)).to_series()
    assert plain.mean() > 0.9


def test_differential_shipped_packs(reg):
    # the version of each dated rule in force on AS_OF, as `xacheck check` picks it
    from xacheck.evaluate import relevant_rules
    from xacheck.model import Profile

    packs = load_packs()
    rules = [r for t in ("enterprise", "project", "institution", "region")
             for r in relevant_rules(packs, Profile({"type": t}), as_of=AS_OF)]
    seen: set = set()
    rules = [r for r in rules if not (r.id in seen or seen.add(r.id))]
    assert any(r.version == 1 for r in rules)  # the 2026 专精特新 regime is among them
    _compare(rules, reg, gen_rows(1500, seed=7), require_columnar=False)


def test_score_applies_heading_units(reg, edge_rules):
    """The pure batch function (what Spark runs) reads a 营业收入（元） column into 万元 itself, typed numbers
    (a warehouse's DOUBLE column) included — not only the CLI's reader."""
    from xacheck.batch import headers

    layout, _ = headers.resolve(["id", "营业收入（元）", "研发费用（万元）"], reg)
    assert layout.shifts == {"营业收入（元）": -4}
    df = pl.DataFrame({"id": ["a", "b", "c"], "营业收入（元）": [863562000.0, 863562000.0, None],
                       "研发费用（万元）": ["4317.81", "4317.82", "1"]})
    out = Scorer(edge_rules, reg, AS_OF, layout).score(df)
    assert out["edge.shuangwu"].to_list() == ["not_applicable", "applies", "unknown"]


def test_exact_boundaries(reg, edge_rules):
    rows = [{"id": "a", "revenue_wan": "86356.2", "rd_expense_wan": "4317.81"},
            {"id": "b", "revenue_wan": "86356.2", "rd_expense_wan": "4317.82"},
            {"id": "c", "revenue_wan": "50000", "rd_expense_wan": "5000"},
            {"id": "d", "revenue_wan": "0", "rd_expense_wan": "5000"},
            {"id": "e", "revenue_wan": "60000"}]
    out = Scorer(edge_rules, reg, AS_OF, layout()).score(frame(rows))
    assert out["edge.shuangwu"].to_list() == ["not_applicable", "applies", "not_applicable", "not_applicable", "unknown"]
    assert out["missing"][4].startswith("rd_expense_wan")
    # revenue 0: the ratio is unknown, but revenue alone already fails '> 50000'
    assert out["edge.ratio-or"][3] == "unknown"


def test_plain_number_forms_match_coerce(reg, edge_rules):
    """Every cell form near the vectorised number check: same statuses as the row evaluator, and a cell
    `coerce` refuses gets coerce's own message (never a rounded or silently accepted value)."""
    from xacheck.fields import CoercionError, coerce

    cells_ = ["50000", "50000.0000001", "49999.9999999", "+50000.01", ".5", "5.", "-.5", "1e3", "1E3", "5e-1",
              " 5", "5 ", "\t5", "5\u3000", "1,234", "1_000", "0x10", "NaN", "inf", "-", "+", ".", "--5", "00012",
              "-0", "0.000000", "5.1234565", "5.1234567", "123456789012.123456", "999999999999.999999",
              "1234567890123", "１２３", "5%", "5万", "", None]
    rows = [{"id": f"n{i}", "revenue_wan": c, "rd_expense_wan": "2600.00"} for i, c in enumerate(cells_)]
    rows += [{"id": f"r{i}", "revenue_wan": "52000", "rd_expense_wan": c} for i, c in enumerate(cells_)]
    rows += [{"id": f"e{i}", "employees": c, "tech_staff": "1"} for i, c in enumerate(cells_)]
    _compare(edge_rules, reg, rows)
    out = Scorer(edge_rules, reg, AS_OF, layout()).score(frame(rows))
    for row, err in zip(rows, out["error"].to_list()):
        msgs = []
        for key in ("revenue_wan", "rd_expense_wan", "employees"):
            if key in row:
                try:
                    coerce(reg.fields[key], row[key])
                except CoercionError as exc:  # the column as headed, then the problem, in the run's language
                    msgs.append(Msg("{col}: {problem}", col=COLUMNS[key], problem=exc.message).text("zh"))
        assert err == ("；".join(msgs) or None), (row, err)


@pytest.mark.parametrize("choices", [("光子", "超导"), ()])
def test_list_words_read_as_coerce_does(choices):
    """A list cell saying "none" (无, 没有, []) is a known empty list, N/A / — are unknown — on the columnar
    path exactly as in `coerce`; whatever that path takes as plain, it reads as `coerce` does, and the
    none-words stay on it (a column of 无 must not send every row to the row evaluator)."""
    from xacheck.fields import Field, coerce

    f = Field("fields_x", "list", "领域", "Fields", choices=choices, aliases=(("光", "光子"),) if choices else ())
    texts = [*LIST_WORDS, "光子", "光子、超导", " 光子 ,超导 ", "无人机", "", None, "\x1c无", "Null", "没有 ", "光、超导", "光光"]
    fast = _fast_path_reads_as_coerce(f, texts, lambda v: None if v is None else tuple(v))
    assert all(fast[w] for w in ("无", "没有", "[]", " 无 ", "N/A", "—"))
    assert coerce(f, "无") == () and coerce(f, "N/A") is None and coerce(f, "") is None


def test_enum_aliases_read_as_coerce_does(reg):
    """企业 / 项目 … in a 主体类型 column read as enterprise / project on the columnar path, as in `coerce`."""
    f = reg.fields["type"]
    texts = ["企业", " 项目 ", "机构", "园区", "城市", "enterprise", "公司", "Enterprise", "企 业", "", None]
    fast = _fast_path_reads_as_coerce(f, texts)
    assert all(fast[t] for t in ("企业", " 项目 ", "机构", "园区", "enterprise"))


def _fast_path_reads_as_coerce(f, texts, as_coerced=lambda v: v) -> dict:
    """Run the columnar reading of field ``f`` over ``texts``: a cell ``coerce`` refuses must not be plain
    (the row path names the problem), a plain cell must hold ``coerce``'s value. Returns text -> plain."""
    from xacheck.batch import cells
    from xacheck.fields import CoercionError, coerce

    value, plain = cells.typed(f, "c")
    got = pl.DataFrame({"c": texts}, schema={"c": pl.String}).select(value.alias("v"), plain.alias("p"))
    for text, v, p in zip(texts, got["v"].to_list(), got["p"].to_list()):
        try:
            want = coerce(f, text)
        except CoercionError:
            assert not p, text
            continue
        if p:
            assert as_coerced(v) == want, (text, v, want)
    return dict(zip(texts, got["p"].to_list()))


def _assert_missing_match(rules, reg, rows) -> None:
    """The batch's `missing` column lists exactly the fields the row evaluator lists for unknown rules."""
    out = Scorer(rules, reg, AS_OF, layout()).score(frame(rows))
    for i, row in enumerate(rows):
        data = {k: v for k, v in row.items() if v not in ("", None)}
        try:
            prof = profile_from_mapping(data, reg)
        except ProfileError:
            continue
        want = set()
        for r in rules:
            if prof.type in r.applies_to:
                res = evaluate_rule(r, prof, AS_OF, reg)
                if res.status == "unknown":
                    want.update(res.missing)
        got = set((out["missing"][i] or "").split(", ")) - {""}
        assert got == want, (row, got, want)


def test_missing_fields_match_row_evaluator(reg, edge_rules):
    _assert_missing_match(edge_rules, reg, gen_rows(600, seed=3))


# ---------------------------------------------------------------- score tables: band() and if()
BAND_PACK = """
pack: bandedge
title: {zh: 分档, en: Bands}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
derived:
  t_staff_pts:
    expr: "band(tech_staff / employees, [30%, 25%, 20%, 15%, 10%], [20, 16, 12, 8, 4, 0])"
    label: {zh: 人员分, en: staff points}
  t_rd_pts:
    expr: "band(rd_expense_wan / revenue_wan, [6%, 5%, 4%, 3%, 2%], [50, 40, 30, 20, 10])"
    label: {zh: 研发分, en: R&D points}
  t_ip_pts:
    expr: "if(invention_patents >= 4, 30, band(invention_patents, [3, 1], [18, 6.5]))"
    label: {zh: 成果分, en: IP points}
  t_best:
    expr: "if(t_staff_pts == 20 or t_rd_pts == 50, 50, max(t_staff_pts, t_rd_pts))"
    label: {zh: 较高者, en: best}
  t_score:
    expr: t_staff_pts + t_rd_pts + t_ip_pts
    label: {zh: 总分, en: score}
  t_agree1:
    expr: "if(employees > 100, 1, 1.0)"
    label: {zh: 一致1, en: agree1}
  t_agree2:
    expr: "if(employees > 100, t_ip_pts, 30)"
    label: {zh: 一致2, en: agree2}
rules:
  - {id: bandedge.score, kind: measure, clause: '1', title: {zh: 总分, en: score}, quote: q, applies_to: [enterprise],
     when: [t_score >= 60, t_staff_pts > 0], supports: [{zh: 入库, en: register}]}
  - {id: bandedge.exact, kind: measure, clause: '2', title: {zh: 恰好, en: exact}, quote: q, applies_to: [enterprise],
     when: [t_rd_pts == 40]}
  - {id: bandedge.best, kind: measure, clause: '3', title: {zh: 较高, en: best}, quote: q, applies_to: [enterprise],
     when: [t_best >= 40]}
  - {id: bandedge.default, kind: measure, clause: '4', title: {zh: 默认, en: default}, quote: q, applies_to: [enterprise],
     when: ["band(total_assets_wan, [1000, 100]) >= 1"]}
  - {id: bandedge.neg, kind: measure, clause: '5', title: {zh: 负, en: neg}, quote: q, applies_to: [enterprise],
     when: ["band(revenue_wan - 50000, [1, 0], [1, 2, 3]) == 2"]}
  - {id: bandedge.agree, kind: measure, clause: '6', title: {zh: 一致, en: agree}, quote: q, applies_to: [enterprise],
     when: [t_agree1 == 1, t_agree2 >= 30]}
  - {id: bandedge.ipfrac, kind: measure, clause: '7', title: {zh: 小数分, en: fractional}, quote: q, applies_to: [enterprise],
     when: ["t_ip_pts * 2 == 13"]}
"""


def band_rows(n: int, seed: int) -> list[dict]:
    """Profiles planted at every band edge: staff shares of exactly 30/25/20/15/10 %, R&D ratios of exactly
    6/5/4/3/2 % (4317.81 / 86356.2 = 5 %), one unit either side, blanks and zero denominators."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        emp = rng.choice(["100", "200", "1000", "0", "", "7", str(rng.randint(1, 3000))])
        e = int(emp) if emp not in ("",) else 100
        share = rng.choice([30, 25, 20, 15, 10, 0])
        staff = rng.choice([str(e * share // 100), str(max(e * share // 100 - 1, 0)), str(e * share // 100 + 1), "",
                            str(rng.randint(0, 300))])
        rev = rng.choice(["86356.2", "100", "10000", "0", "", "50000", "52129", str(round(rng.uniform(1, 90000), 2))])
        pct = rng.choice(["0.06", "0.05", "0.04", "0.03", "0.02", "0.01"])
        if rev not in ("", "0"):
            exact = (Decimal(rev) * Decimal(pct)).normalize()
            rd = rng.choice([format(exact, "f"), format(exact - Decimal("0.01"), "f"), format(exact + Decimal("0.01"), "f"),
                             "", str(round(rng.uniform(0, 5000), 2))])
        else:
            rd = rng.choice(["", "10", "0"])
        rows.append({"id": f"{i:06d}", "name": f"企业{i}", "employees": emp, "tech_staff": staff, "revenue_wan": rev,
                     "rd_expense_wan": rd, "invention_patents": rng.choice(["", "0", "1", "2", "3", "4", "9"]),
                     "total_assets_wan": rng.choice(["", "99.99", "100", "999.99", "1000", "5"]),
                     "type": rng.choice(["", "enterprise"])})
    return rows


def test_differential_band_and_if(reg):
    from decimal import Decimal  # noqa: F401  (band_rows)

    rules = list(load_pack_text(BAND_PACK, "bandedge.yaml", reg).rules)
    rows = band_rows(3000, seed=11)
    scorer, out = _compare(rules, reg, rows)  # every rule columnar, same status on every row
    assert not any(c.conds is None for c in scorer.compiled)
    # exact edges: 4317.81 / 86356.2 is exactly 5 % -> 40 points; one cent less -> 30
    edge = [{"id": "x", "revenue_wan": "86356.2", "rd_expense_wan": "4317.81", "tech_staff": "30", "employees": "100",
             "invention_patents": "0"},
            {"id": "y", "revenue_wan": "86356.2", "rd_expense_wan": "4317.80", "tech_staff": "29", "employees": "100",
             "invention_patents": "0"}]
    got = Scorer(rules, reg, AS_OF, layout()).score(frame(edge))
    assert got["bandedge.exact"].to_list() == ["applies", "not_applicable"]
    assert got["bandedge.score"].to_list() == ["applies", "not_applicable"]  # 20 + 40 + 0 = 60; 16 + 30 + 0 = 46


def test_missing_fields_band_and_if(reg):
    rules = list(load_pack_text(BAND_PACK, "bandedge.yaml", reg).rules)
    _assert_missing_match(rules, reg, band_rows(800, seed=5))


def test_if_directly_in_a_condition_is_columnar(reg):
    # an if() in a condition (高企's revenue bands: if(revenue_wan > 20000, ratio >= 3%, true)) is decided on the
    # fast path, its missing fields counted as the row evaluator counts them: only the branch its test takes
    text = BAND_PACK + """  - {id: bandedge.direct-if, kind: measure, clause: '8', title: {zh: 直接, en: direct}, quote: q,
     applies_to: [enterprise], when: ["if(known(revenue_wan), revenue_wan, employees) > 1000"]}
  - {id: bandedge.band-guard, kind: measure, clause: '9', title: {zh: 档, en: band}, quote: q,
     applies_to: [enterprise], when: ["if(revenue_wan > 5000, rd_expense_wan / revenue_wan >= 3%, true)",
                                      "if(revenue_wan <= 5000, tech_staff / employees >= 10%, true)"]}
"""
    rules = list(load_pack_text(text, "bandedge.yaml", reg).rules)
    _compare(rules, reg, band_rows(400, seed=2))
    _assert_missing_match(rules, reg, band_rows(400, seed=3))


WIDE_PACK = """
pack: wide
title: {zh: 大数, en: Wide numbers}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
derived:
  wide_ratio: {expr: "revenue_wan / total_assets_wan", label: {zh: 比, en: ratio}}
  wide_sum: {expr: "revenue_wan + total_assets_wan + rd_expense_wan", label: {zh: 和, en: sum}}
rules:
  - {id: wide.product, kind: measure, clause: '1', title: {zh: 积, en: product}, quote: q, applies_to: [enterprise],
     when: ["revenue_wan * total_assets_wan > 500000000000000000", "revenue_wan * 3 - rd_expense_wan * 2 >= 1"]}
  - {id: wide.sum, kind: measure, clause: '2', title: {zh: 和, en: sum}, quote: q, applies_to: [enterprise],
     when: ["wide_sum > 2999999999.999997", "-wide_sum < -1", "revenue_wan - total_assets_wan != 0"]}
  - {id: wide.ratio, kind: measure, clause: '3', title: {zh: 比, en: ratio}, quote: q, applies_to: [enterprise],
     when: ["wide_ratio > 99.9999999999%", "wide_ratio <= 100.0000000001%",
            "(revenue_wan - total_assets_wan) / (rd_expense_wan + 1) >= -0.000001"]}
  - {id: wide.band, kind: measure, clause: '4', title: {zh: 档, en: band}, quote: q, applies_to: [enterprise],
     when: ["band(wide_ratio, [200%, 100%, 50%], [30, 20, 10, 0]) + band(rd_expense_wan, [999999999.999999, 1], [5, 1, 0]) >= 21",
            "min(revenue_wan, total_assets_wan) - max(rd_expense_wan, 0.000001) * 999999 > 0"]}
"""


def wide_rows(n: int, seed: int) -> list[dict]:
    """Cells at the top of the fast path's range (9 integer and 6 decimal digits), beyond it (the row path),
    negatives and tiny values: every product, sum and cross-multiplication of the compiler must stay exact
    (no Int64 wrap-around)."""
    rng = random.Random(seed)
    big = ["999999999.999999", "999999999.999998", "-999999999.999999", "999999999", "500000000.5",
           "0.000001", "-0.000001", "1", "0", "123456789.123456", "1000000000", "999999999999.999999", ""]
    rows = []
    for i in range(n):
        def cell():
            r = rng.random()
            if r < 0.6:
                return rng.choice(big)
            return f"{rng.randint(-10**9 + 1, 10**9 - 1)}.{rng.randint(0, 999999):06d}"
        rows.append({"id": f"{i:06d}", "revenue_wan": cell(), "total_assets_wan": cell(), "rd_expense_wan": cell()})
    return rows


def test_differential_wide_numbers(reg):
    rules = list(load_pack_text(WIDE_PACK, "wide.yaml", reg).rules)
    scorer, out = _compare(rules, reg, wide_rows(3000, seed=3))
    assert not any(c.conds is None for c in scorer.compiled)
    assert {s for r in rules for s in out[r.id].to_list()} >= {"applies", "not_applicable"}


def _assert_row_columns_match(rules, reg, rows) -> None:
    """Every result column but the statuses — supports, counts, nearest gap, missing — is the same whether
    the columnar engine or the row path (``Scorer.score_row``, the reference) computed it."""
    scorer = Scorer(rules, reg, AS_OF, layout())
    out = scorer.score(frame(rows))
    cols = ["supports", "n_applies", "n_unknown", "n_needs_assessment", "nearest_gap_rule", "nearest_gap_field",
            "nearest_gap_direction", "nearest_gap_unit", "missing", "error"]
    checked = 0
    for i, row in enumerate(rows):
        got = out.row(i, named=True)
        want = scorer.score_row({COLUMNS[k]: v for k, v in row.items() if k in COLUMNS})
        assert {c: got[c] for c in cols} == {c: want.get(c) for c in cols}, (row, got, want)
        for c in ("nearest_gap", "nearest_gap_rel"):
            assert (got[c] is None) == (want.get(c) is None), (row, c)
            if got[c] is not None:
                # the same float on both paths (scorer._rounded), the sign of zero included
                want_c = _round_like_finish(want[c])
                assert repr(got[c]) == repr(want_c), (row, c, got[c], want_c)
                checked += 1
    assert checked > 50  # gaps were actually exercised


def _round_like_finish(v):
    """score_row's raw gap as the batch writes it (finish rounds the row path's gaps as the query does)."""
    from xacheck.batch.scorer import _rounded

    return pl.select(_rounded(pl.lit(v, dtype=pl.Float64))).item()


def test_result_columns_match_row_path(reg, edge_rules):
    _assert_row_columns_match(edge_rules, reg, gen_rows(1500, seed=17))


def test_result_columns_match_row_path_bands(reg):
    rules = list(load_pack_text(BAND_PACK, "bandedge.yaml", reg).rules)
    _assert_row_columns_match(rules, reg, band_rows(1500, seed=23))


def test_supports_of_more_rules_than_one_mask_holds(reg):
    """70 rules with supports: the "applies" bits span two mask columns; the text is the row path's."""
    lines = ["pack: many", "title: {zh: 多, en: many}", "document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}",
             "rules:"]
    for k in range(70):
        lines.append(f"  - {{id: many.r{k}, kind: measure, clause: '{k}', title: {{zh: 规则{k}, en: r{k}}}, quote: q, "
                     f"applies_to: [enterprise], when: ['employees >= {k}'], supports: [{{zh: 支持{k}, en: s{k}}}]}}")
    rules = list(load_pack_text("\n".join(lines) + "\n", "many.yaml", reg).rules)
    rows = [{"id": str(e), "employees": str(e)} for e in (0, 1, 5, 62, 63, 64, 69, 70, 500)] + [{"id": "x", "employees": ""}]
    scorer = Scorer(rules, reg, AS_OF, layout())
    out = scorer.score(frame(rows))
    for i, row in enumerate(rows):
        want = scorer.score_row({COLUMNS[k]: v for k, v in row.items()})
        assert out["supports"][i] == want["supports"], row
    assert out["supports"][3].count(" | ") == 62 and out["supports"][-1] is None


def test_number_fast_path_reads_as_coerce_does(reg):
    """Property: wherever the vectorised number check calls a cell plain, `coerce` accepts the cell with
    exactly the value the fast path holds (times 10**6); cells it refuses are left to the row path."""
    from decimal import Decimal as D

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from xacheck.batch import cells
    from xacheck.fields import CoercionError, coerce

    f = reg.fields["revenue_wan"]
    value, plain = cells.typed(f, "x")
    alphabet = "0123456789012345678900000.+-eE, 万%\t"
    pieces = st.text(alphabet=alphabet, min_size=1, max_size=18)
    shaped = st.builds(lambda i, frac, e: f"{i}{frac}{e}", st.integers(-10**10, 10**10).map(str),
                       st.sampled_from(["", ".", ".5", ".000001", ".0000001", ".123456", ".1234567", ".100000"]),
                       st.sampled_from(["", "e0", "e3", "e-1", "e-6", "e-7", "e-16", "E+2"]))

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.one_of(pieces, shaped), min_size=1, max_size=40))
    def check(texts):
        df = pl.DataFrame({"x": texts}, schema={"x": pl.String})
        got = df.select(value.alias("v"), plain.alias("p"))
        for text, v, p in zip(texts, got["v"].to_list(), got["p"].to_list()):
            if not p or v is None:
                continue
            try:
                want = coerce(f, text)
            except CoercionError as exc:  # pragma: no cover - the assertion message says what went wrong
                raise AssertionError(f"fast path read {text!r} as {v}, coerce refuses it: {exc}")
            assert want is not None and D(v) == want * 10**6, (text, v, want)

    check()


def test_credit_code_fast_path_matches_coerce(reg):
    """The vectorised GB 32100 check: every code it passes, `coerce` accepts as the same text; every valid
    upper-case code passes (so real registers stay on the fast path)."""
    from xacheck.credit_code import CHARSET, check_char

    f = reg.fields["credit_code"]
    rng = random.Random(32100)
    codes = []
    for _ in range(1500):
        body = "".join(rng.choice(CHARSET) for _ in range(17))
        good = body + check_char(body)
        codes.append(good)
        k = rng.randrange(18)
        codes.append(good[:k] + rng.choice(CHARSET + "IOSVZa ") + good[k + 1:])  # one character changed
        codes.append(good[:rng.randrange(18)])                                    # cut short
    codes += ["", None, "91350100M000100Y43", "91350100m000100y43", " 91350100M000100Y43"]
    flags = _fast_path_reads_as_coerce(f, codes)
    valid = [c for c in codes if c and len(c) == 18 and all(ch in CHARSET for ch in c) and c[-1] == check_char(c[:17])]
    assert len(valid) > 1500 and all(flags[c] for c in valid)
