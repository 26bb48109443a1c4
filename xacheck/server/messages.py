"""Every message the server writes to a client, in Chinese and English, in one table.

One place, so the translation catalogue of the CLI (issue 13) can fold these in. A message names the
field it is about by its label in the request's language and by its key.
"""
from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_field": ("字段“{label}”（{field}）的值有误：{detail}", "field '{label}' ({field}): {detail}"),
    "unknown_field": ("未知字段“{field}”{hint}；可用字段见 /schema/profile",
                      "unknown field '{field}'{hint}; /schema/profile lists the fields"),
    "did_you_mean": ("（是否指“{hint}”？）", " (did you mean '{hint}'?)"),
    "bad_body": ("请求正文不是有效的 JSON 或 YAML：{detail}", "the request body is not valid JSON or YAML: {detail}"),
    "empty_body": ("请求正文为空：请以 JSON 对象提交档案（字段: 值）",
                   "the request body is empty: send the profile as a JSON object (field: value)"),
    "not_mapping": ("档案须为“字段: 值”的 JSON 对象", "a profile is a JSON object of field: value"),
    "too_large": ("请求正文超过 {limit} 字节的上限", "the request body is over the limit of {limit} bytes"),
    "timeout": ("请求处理超过 {seconds} 秒的时限，已中止", "the request took longer than {seconds} s and was stopped"),
    "busy": ("服务器繁忙，请稍后重试", "the server is busy; try again shortly"),
    "bad_param": ("参数“{field}”有误：{detail}", "parameter '{field}': {detail}"),
    "bad_date": ("“{value}”不是日期（YYYY-MM-DD，1800-01-01 至 2200-12-31）",
                 "'{value}' is not a date YYYY-MM-DD from 1800-01-01 to 2200-12-31"),
    "unknown_pack": ("未知的政策包“{value}”{hint}", "unknown pack '{value}'{hint}"),
    "no_rule": ("没有编号为“{value}”的规则{hint}", "no rule '{value}'{hint}"),
    "not_found": ("没有这个地址：{path}", "no such address: {path}"),
    "method": ("该地址不支持 {method} 请求", "{method} is not allowed here"),
    "upload_missing": ("请上传一个表格文件（字段名 file，或以文件内容为正文并给出 filename 参数）",
                       "upload a spreadsheet (form field 'file', or the file as the body with ?filename=…)"),
    "upload_type": ("不支持的文件类型“{value}”：可用 .csv .tsv .txt .xlsx .jsonl .ndjson .parquet",
                    "unsupported file type '{value}': use .csv .tsv .txt .xlsx .jsonl .ndjson .parquet"),
    "input_error": ("无法读取上传的表格：{detail}", "the uploaded spreadsheet cannot be read: {detail}"),
    "usage": ("请求有误：{detail}", "bad request: {detail}"),
    "internal": ("服务器内部错误（已记录）；请附上请求内容报告此问题",
                 "internal error (logged); please report it with the request"),
    "diff_nothing": ("没有可比较的内容：请给出 after（另一档案）、set 或 to 参数",
                     "nothing to compare: give 'after' (a second profile), 'set' or 'to'"),
}


def say(key: str, lang: str, **kw: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang == "en" else zh).format(**kw)


def request_lang(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` when given, else the first of zh / en in Accept-Language, else Chinese."""
    if query_lang in ("zh", "en"):
        return query_lang
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh"
    return "zh"


def field_detail(message: str, key: str | None, reg) -> str:
    """A profile error's message without the ``营业收入（万元） (revenue_wan): `` it starts with — the server
    names the field itself, in the request's language."""
    prefix = f"{reg.fields[key].label_zh} ({key}): " if key and key in reg.fields else ""
    return message[len(prefix):] if prefix and message.startswith(prefix) else message
