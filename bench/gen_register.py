"""A consultant's client register, twice: as a clean export and as Excel saves it — the same firms, the
same values, written the way a Chinese-locale Excel and the people typing into it write them.

usage: python bench/gen_register.py N OUTDIR [--seed S]
writes OUTDIR/register_N.csv (clean) and OUTDIR/register_N_excel.csv (Excel-style): 26 columns — 序号,
企业名称, 统一社会信用代码, city, district, 成立日期, six amounts in 万元, four head counts, two patent counts,
称号 and 领域 lists, two yes/no columns, three percentages, two more yes/no columns, 备注 — with Chinese
headings as a registry template has them. About 3 % of the data cells are empty.

In the Excel-style file every date is written as Excel or a person writes it (2005/9/20, 2005/09/20,
2005.09.20, 2005年9月20日, an Excel date number), every percentage with its %, most amounts with thousands
separators (86,356.20) and some as 8.63562亿 / 86356.2万 / full-width digits / with spaces, head counts over
999 grouped, yes/no as 是/否, Y/N, √/×, titles by their short names (高企、科小), and an empty cell as one of
N/A, —, #N/A, -, 暂无 or nothing. Every such form reads as exactly the clean file's value, so the two files
must score identically (bench/compare.py checks the result files are the same bytes).
"""
import argparse
import datetime as dt
import os

import numpy as np

COLUMNS = ["序号", "企业名称", "统一社会信用代码", "所在城市", "所在区县或开发区", "成立日期",
           "营业收入（万元）", "前一年度营业收入（万元）", "研发费用（万元）", "前一年度研发费用（万元）", "资产总额（万元）",
           "近两年新增股权融资总额（实缴，万元）",
           "职工总数（人）", "科技人员数（人）", "研发人员数（人）", "有效发明专利（件）", "Ⅰ类知识产权数（件）",
           "已获称号或资质", "所属产业领域", "属于中小企业（按《中小企业划型标准规定》划型）", "龙头企业",
           "上年度资产负债率（%）", "近一年高新技术产品（服务）收入占企业同期总收入的比例（%）",
           "上年度主营业务收入占营业收入总额比重（%）", "列入严重违法失信企业名单（失信名单）", "备注"]
KIND = {c: k for c, k in zip(COLUMNS, ["text", "text", "text", "text", "text", "date", "money", "money", "money",
                                        "money", "money", "money", "count", "count", "count", "count", "count",
                                        "titles", "fields", "bool", "bool", "pct", "pct", "pct", "bool", "text"])}
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
TITLES = [("高新技术企业", "高企"), ("科技型中小企业", "科小"), ("创新型中小企业", "创新型中小企业"),
          ("专精特新中小企业", "专精特新中小企业"), ("瞪羚企业", "瞪羚")]
FIELDS = ["光子", "人工智能", "新材料", "生物医药", "半导体", "航空航天", "智能制造", "新能源"]
DISTRICTS = ["西安高新区", "经开区", "碑林区", "雁塔区", "航天基地", "浐灞生态区", "长安区"]
MISSING = ["N/A", "—", "#N/A", "-", "暂无", ""]
EXCEL_EPOCH = dt.date(1899, 12, 30)
AS_OF = dt.date(2026, 11, 22)
MISSING_RATE = 0.03


def credit_code(rng) -> str:
    body = "9161" + "".join(CHARSET[i] for i in rng.integers(0, len(CHARSET), 13))
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHARSET[(31 - total % 31) % 31]


def generate(n: int, seed: int):
    """Per row, per column: the value (None = empty), as plain Python values."""
    rng = np.random.default_rng(seed)
    revenue = np.clip(rng.lognormal(np.log(3000), 1.8, n), 50, 5_000_000).round(2)
    growth = rng.normal(0.12, 0.2, n)
    rd = (revenue * rng.lognormal(np.log(0.04), 0.6, n)).round(2)
    employees = np.maximum(1, np.rint(revenue / rng.lognormal(np.log(60), 0.8, n))).astype(int)
    age = np.minimum(rng.exponential(9 * 365.25, n), 40 * 365.25).astype(int)
    rows = []
    for i in range(n):
        staff = int(employees[i] * rng.beta(2, 6))
        titles = [t for t in TITLES if rng.random() < 0.2]
        fields = [f for f in FIELDS if rng.random() < 0.15]
        row = {
            "序号": str(i + 1),
            "企业名称": f"西安{'甲乙丙丁戊己庚辛'[i % 8]}{i}科技有限公司",
            "统一社会信用代码": credit_code(rng),
            "所在城市": "西安市" if rng.random() < 0.85 else str(rng.choice(["宝鸡市", "咸阳市"])),
            "所在区县或开发区": str(rng.choice(DISTRICTS)),
            "成立日期": AS_OF - dt.timedelta(days=int(age[i])),
            "营业收入（万元）": float(revenue[i]),
            "前一年度营业收入（万元）": round(float(revenue[i]) / (1 + max(growth[i], -0.5)), 2),
            "研发费用（万元）": float(rd[i]),
            "前一年度研发费用（万元）": round(float(rd[i]) * float(rng.uniform(0.7, 1.1)), 2),
            "资产总额（万元）": round(float(revenue[i]) * float(rng.lognormal(0, 0.5)), 2),
            "近两年新增股权融资总额（实缴，万元）": round(float(rng.lognormal(np.log(500), 1.5)), 2) if rng.random() < 0.4 else 0.0,
            "职工总数（人）": int(employees[i]),
            "科技人员数（人）": staff,
            "研发人员数（人）": int(staff * rng.uniform(0.5, 1)),
            "有效发明专利（件）": int(rng.poisson(2)),
            "Ⅰ类知识产权数（件）": int(rng.poisson(3)),
            "已获称号或资质": titles,
            "所属产业领域": fields,
            "属于中小企业（按《中小企业划型标准规定》划型）": bool(revenue[i] < 40000),
            "龙头企业": bool(rng.random() < 0.05),
            "上年度资产负债率（%）": round(float(rng.uniform(5, 95)), 2),
            "近一年高新技术产品（服务）收入占企业同期总收入的比例（%）": round(float(rng.beta(4, 2)) * 100, 2),
            "上年度主营业务收入占营业收入总额比重（%）": round(float(rng.beta(8, 1)) * 100, 2),
            "列入严重违法失信企业名单（失信名单）": bool(rng.random() < 0.02),
            "备注": "" if rng.random() < 0.9 else "重点跟进",
        }
        for c in COLUMNS[3:-1]:
            if rng.random() < MISSING_RATE:
                row[c] = None
        rows.append(row)
    return rows


def amount(v: float) -> str:
    """The shortest text of an amount with at most two decimals (86356.2, 100)."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def clean_cell(kind: str, v) -> str:
    if v is None:
        return ""
    if kind == "date":
        return v.isoformat()
    if kind == "bool":
        return "true" if v else "false"
    if kind in ("titles", "fields"):
        return "|".join(t[0] if isinstance(t, tuple) else t for t in v) or "无"
    if kind in ("money", "pct"):
        return amount(v)
    return str(v)


FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def excel_cell(kind: str, v, rng) -> str:
    if v is None:
        return str(rng.choice(MISSING))
    r = rng.random()
    if kind == "date":
        if r < 0.4:
            return f"{v.year}/{v.month}/{v.day}"
        if r < 0.6:
            return v.strftime("%Y/%m/%d")
        if r < 0.7:
            return v.strftime("%Y.%m.%d")
        if r < 0.9:
            return f"{v.year}年{v.month}月{v.day}日"
        return str((v - EXCEL_EPOCH).days)
    if kind == "bool":
        return [("是", "否"), ("Y", "N"), ("√", "×"), (" 是 ", " 否 ")][min(int(r * 4), 3)][0 if v else 1]
    if kind == "titles":
        return "、".join(t[1] for t in v) or "无"
    if kind == "fields":
        return "，".join(v) or "无"
    if kind == "pct":
        return amount(v) + "%"
    if kind == "count":
        return f"{v:,}" if v >= 1000 and r < 0.8 else str(v)
    if kind == "money":
        if r < 0.70:
            return f"{v:,.2f}"                      # Excel's #,##0.00
        if r < 0.80:
            return amount(v) + "万"
        if r < 0.85 and v >= 1:
            return f"{v / 10000:.6f}".rstrip("0").rstrip(".") + "亿"
        if r < 0.90:
            return amount(v).translate(FULL_WIDTH)
        if r < 0.95:
            return f" {amount(v)} "
        return amount(v)
    return str(v)


def write(path: str, rows, cell) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(COLUMNS) + "\n")
        for row in rows:
            cells = [cell(KIND[c], row[c]) for c in COLUMNS]
            f.write(",".join(f'"{x}"' if ("," in x or '"' in x) else x for x in cells) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rows = generate(a.n, a.seed)
    base = os.path.join(a.outdir, f"register_{a.n}")
    write(base + ".csv", rows, clean_cell)
    rng = np.random.default_rng(a.seed + 1)
    write(base + "_excel.csv", rows, lambda k, v: excel_cell(k, v, rng))
    print(base + ".csv", base + "_excel.csv")


if __name__ == "__main__":
    main()
