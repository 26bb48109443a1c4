"""The self-check page in a real headless browser: the system Chromium, driven by Playwright.

A person fills the form for a shipped sample enterprise, submits, and reads each item's status on the
answer page; the statuses must be the engine's for the same answers. Skipped only on a developer machine
without Chromium or Playwright; in CI (``CI=true``) either missing is a failure.
"""
from __future__ import annotations

import os
import shutil

import pytest

from xacheck.engine import Engine
from xacheck.yamlsafe import load_yaml_file

from .serving import ROOT, need, running

DAY = "2026-12-02"
SAMPLE = ROOT / "samples/enterprise-optics.yaml"


def chromium() -> str:
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install -y chromium) but was not found")
        pytest.skip("no Chromium on this machine")
    return exe


@pytest.fixture(scope="module")
def browser():
    need("fastapi", "serve")
    need("playwright", "browser")
    exe = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # the system browser: Playwright never downloads one here
        b = pw.chromium.launch(executable_path=exe, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def base():
    need("fastapi", "serve")
    with running() as url:
        yield url


def form_answers(path) -> dict:
    """The sample as a person types it into the form: titles by name (the form has no title dates)."""
    data = dict(load_yaml_file(str(path)).data)
    data.pop("type", None)
    titles = data.get("titles")
    if isinstance(titles, list):
        data["titles"] = [t["name"] if isinstance(t, dict) else t for t in titles]
    return data


def fill(page, answers: dict) -> None:
    reg = Engine().registry
    for key, value in answers.items():
        f = reg.fields[key]
        sel = f'[name="f.{key}"]'
        if page.locator(sel).count() == 0:
            raise AssertionError(f"the form has no field {key}")
        page.locator(f"details:has({sel})").evaluate_all("ds => ds.forEach(d => d.open = true)")
        if f.type == "boolean":
            page.select_option(sel, "是" if value else "否")
        elif f.type == "enum":
            page.select_option(sel, str(value))
        elif f.type == "list":
            page.select_option(sel, [str(v) for v in value] or ["无"])
        else:
            page.fill(sel, str(value))


def test_fill_the_form_for_a_sample_and_read_its_statuses(browser, base):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator('label[for="f.revenue_wan"]').inner_text().startswith("营业收入")
    # decisive questions first: the city (every 西安 measure needs it) comes before the R&D figures
    keys = page.locator("form.check [data-field]").evaluate_all("els => els.map(e => e.dataset.field)")
    assert keys.index("city") < keys.index("rd_expense_wan")
    answers = form_answers(SAMPLE)
    page.fill("#as_of", DAY)
    fill(page, answers)
    page.click("#submit")
    page.wait_for_selector("#statuses")
    shown = dict(page.locator("#statuses tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.rule, r.dataset.status])"))
    expected = Engine().check(answers, DAY).statuses()
    assert shown == expected
    assert shown["xa-hardtech-2024.m05-three-firsts"] == "applies"
    assert page.locator("#statuses").inner_text().count("适用") >= 1
    assert "西安曦芒光电科技有限公司" in page.locator("h1").first.inner_text()
    # sources quoted, gaps and deadlines shown, the decision named
    text = page.locator("#answer").inner_text()
    assert "对全市创新产出的“三首”产品" in text
    assert page.locator("#timeline, section#timeline").count() + text.count("截止日期时间线") >= 1
    assert "sha256" in page.locator("#decision").inner_text()
    # printable: the print view hides the form and the buttons
    page.emulate_media(media="print")
    assert not page.locator("form.check").first.is_visible() and not page.locator("#print").is_visible()
    assert page.locator("#answer").is_visible()
    # the language switch on an answer keeps the answers: the same statuses, in English
    page.emulate_media(media="screen")
    page.click("#lang-switch")
    page.wait_for_selector("#statuses")
    assert page.locator("html").get_attribute("lang") == "en"
    assert dict(page.locator("#statuses tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.rule, r.dataset.status])")) == expected
    assert "not applicable" in page.locator("#statuses").inner_text()
    assert errors == []
    page.close()


def test_english_switch_and_a_value_that_cannot_be_read(browser, base):
    page = browser.new_page()
    page.goto(base + "/")
    page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('label[for="f.revenue_wan"]').inner_text().startswith("Operating revenue")
    page.fill("#as_of", DAY)
    page.fill('[name="f.city"]', "西安市")
    page.fill('[name="f.revenue_wan"]', "a lot")
    page.click("#submit")
    page.wait_for_selector("#errors")
    assert "Operating revenue" in page.locator("#errors").inner_text()
    marked = page.locator('.q.bad').evaluate_all("els => els.map(e => e.dataset.field)")
    assert marked == ["revenue_wan"]
    assert page.locator('[name="f.city"]').input_value() == "西安市"          # what was typed is kept
    page.close()
