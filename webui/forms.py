"""What a write request sends: one reader for HTML forms and JSON bodies alike.

Every write route takes the same fields from a browser's form or an API client's
JSON object.  JSON may carry any type, so values are checked here, once: strings,
numbers and booleans become the strings a form would send; anything else (a list,
an object, a bare string or number as the whole body) is a 400 naming the field,
never a 500 from deep inside a handler.
"""
from __future__ import annotations

from flask import abort, request


def form_data() -> dict[str, str]:
    """The request's fields as strings (JSON booleans as "true"/"false"; null as absent)."""
    if not request.is_json:
        return request.form.to_dict()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description='请求体应为 JSON 对象，例如 {"title": "…"}')
    fields = {}
    for name, value in body.items():
        if isinstance(value, bool):
            fields[name] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            fields[name] = str(value)
        elif value is not None:
            abort(400, description=f"字段 {str(name)[:40]} 应为字符串、数字或布尔值")
    return fields
