"""No input can run code: YAML tags and condition expressions are refused, and nothing happens."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from xacheck import condition as c
from xacheck.cli import main
from xacheck.errors import XacheckError
from xacheck.packs import load_pack_text
from xacheck.yamlsafe import load_yaml

from ..conftest import MINI_PACK

TAGS = [
    "!!python/object/apply:os.system ['touch {m}']",
    "!!python/object/new:os.system ['touch {m}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!custom {{a: 1}}",
]


@pytest.mark.parametrize("tag", TAGS)
def test_yaml_tags_refused(tmp_path, tag):
    marker = tmp_path / "marker"
    with pytest.raises(XacheckError) as exc:
        load_yaml(f"x: {tag.format(m=marker)}\n", "evil.yaml")
    assert exc.value.location.line == 1
    assert not marker.exists()


CONDITIONS = [
    "__import__('os').system('touch {m}')",
    "open('{m}', 'w')",
    "revenue_wan.__class__",
    "().__class__.__bases__[0]",
    "(lambda: 1)()",
    "[x for x in revenue_wan]",
    "getattr(revenue_wan, 'real')",
    "exec('import os')",
    "eval('1')",
    "globals()",
    "revenue_wan if true else 0",
    "f'{{revenue_wan}}'",
    "revenue_wan; import os",
    "`ls`",
]


@pytest.mark.parametrize("expr", CONDITIONS)
def test_condition_vectors_refused(tmp_path, expr):
    marker = tmp_path / "marker"
    text = expr.format(m=marker)
    with pytest.raises(c.ConditionSyntaxError):
        c.parse(text)
    pack = MINI_PACK.replace("revenue_wan > 50000", text.replace("'", "''").join(["'", "'"]))
    with pytest.raises(XacheckError):
        load_pack_text(pack)
    assert not marker.exists()


def test_malicious_pack_via_cli_exits_2(tmp_path):
    marker = tmp_path / "marker"
    d = tmp_path / "rules"
    d.mkdir()
    (d / "evil.yaml").write_text(MINI_PACK.replace("revenue_wan > 50000", f"\"__import__('os').system('touch {marker}')\""),
                                 encoding="utf-8")
    prof = tmp_path / "p.yaml"
    prof.write_text("type: enterprise\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(prof), "--as-of", "2026-06-01", "--rules", str(d)])
    assert res.exit_code == 2 and "XA110" in res.output
    assert "Traceback" not in res.output
    assert not marker.exists()
