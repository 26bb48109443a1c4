"""Shared fixtures: a small rule pack written for the tests, so engine tests do not depend on the
wording of the shipped packs (those are tested through their own embedded cases)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from xacheck.fields import default_registry
from xacheck.packs import load_pack_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

MINI_PACK = """
pack: mini
title: {zh: 测试包, en: Test pack}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
valid_until: 2026-12-31
rules:
  - id: mini.shuangwu
    kind: programme
    clause: 脚注1
    title: {zh: 双五企业, en: Double-five enterprise}
    quote: 营收超5亿元且内部研发投入强度超过5%的企业
    applies_to: [enterprise]
    when:
      - revenue_wan > 50000
      - rd_intensity > 5%
    supports: [{zh: 培育支持, en: Cultivation support}]
  - id: mini.xian-qualitative
    kind: measure
    clause: （四）
    title: {zh: 重点支持, en: Key support}
    quote: 给予重点支持
    applies_to: [enterprise]
    when: ["city == '西安市'"]
    assessment:
      criteria: [{zh: 成功实现应用, en: Successfully applied}]
      evidence: [{zh: 应用证明, en: Proof of use}]
  - id: mini.target
    kind: indicator
    clause: 专栏1 第6项
    title: {zh: 技术合同交易额, en: Technology contract turnover}
    quote: 技术合同交易额 亿元 1648 2000
    applies_to: [region]
    when: ["region == '西安市'"]
    target: {metric: tech_contract_turnover_yi, op: '>=', value: 2000, unit: 亿元,
             baseline: {value: 1648, year: 2020}, deadline: 2025-12-31}
  - id: mini.floor
    kind: indicator
    clause: 专栏1 第1项
    title: {zh: 研发强度, en: R&D share}
    quote: 全社会 R&D 经费支出占 GDP 比重 % 5.05 5
    applies_to: [region]
    target: {metric: rd_gdp_pct, op: '>=', value: 5, unit: '%', baseline: {value: 5.05, year: 2020}, deadline: 2025-12-31}
  - id: mini.nobase
    kind: indicator
    clause: 专栏1 第2项
    title: {zh: 高价值专利, en: High-value patents}
    quote: 每万人高价值发明专利拥有量 件 — 12
    applies_to: [region]
    target: {metric: high_value_invention_patents_per_10k, op: '>=', value: 12, baseline: null, deadline: 2025-12-31}
"""


@pytest.fixture(autouse=True, scope="session")
def _pinned_environment(tmp_path_factory):
    """One language for every test whatever the machine's locale (the default, zh: ``XACHECK_LANG`` unset,
    a C locale), and a parsed-pack cache of the run's own instead of the user's cache folder."""
    saved = dict(os.environ)
    for var in ("XACHECK_LANG", "LANG", "LC_MESSAGES", "XACHECK_NO_CACHE"):
        os.environ.pop(var, None)
    os.environ["LC_ALL"] = "C.UTF-8"
    os.environ["XACHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("xacheck-cache"))
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def reg():
    return default_registry()


@pytest.fixture(scope="session")
def mini(reg):
    return load_pack_text(MINI_PACK, "mini.yaml", reg)


@pytest.fixture
def day():
    return dt.date(2026, 6, 1)


@pytest.fixture
def mini_dir(tmp_path):
    """A folder holding MINI_PACK, for commands that take --rules."""
    d = tmp_path / "rules"
    d.mkdir()
    (d / "mini.yaml").write_text(MINI_PACK, encoding="utf-8")
    return d
