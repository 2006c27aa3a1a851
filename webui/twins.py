"""Pages with a JSON twin: one declaration serves `/path` as HTML and `/path.json` as its data.

Datasette's idea: the HTML page is a rendering of data a program can fetch as it is.
A view returns that data (a dict); `page` registers both routes on the blueprint, the
HTML one rendering the template with it as `data` and the request's arguments as
`args`, the JSON one returning it unchanged.  Endpoints are the function's name and
the name with `_json`, for `url_for`.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify, render_template, request


def page(bp: Blueprint, rule: str, template: str, json_rule: str | None = None) -> Callable:
    """Register `rule` (HTML from `template`) and `json_rule` (default: `rule` + `.json`) for a data view."""
    def register(build: Callable[..., dict]) -> Callable[..., dict]:
        def html(**params):
            return render_template(template, data=build(**params), args=request.args)

        def json(**params):
            return jsonify(build(**params))

        bp.add_url_rule(rule, build.__name__, html)
        bp.add_url_rule(json_rule or rule + ".json", build.__name__ + "_json", json)
        return build
    return register
