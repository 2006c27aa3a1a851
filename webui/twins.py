"""Pages with a JSON twin: one declaration serves `/path` as HTML and `/path.json` as its data.

Datasette's idea: the HTML page is a rendering of data a program can fetch as it is.
A view returns that data (a dict), or a `View` when its HTML also wants richer objects
than the data holds (search hits with their marked snippets, an article's related
stories); those come from a function called only for the HTML, so the JSON twin never
pays for them.  `page` registers both routes on the blueprint, the HTML one rendering
the template with the data as `data`, the request's arguments as `args` and the extras,
the JSON one returning the data unchanged.  Endpoints are the function's name and the
name with `_json`, for `url_for`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, jsonify, render_template, request


@dataclass
class View:
    data: dict                                # the JSON twin, and `data` in the template
    extras: Callable[[], dict] | None = None  # more template context, made for the HTML page only


def page(bp: Blueprint, rule: str, template: str, *json_rules: str) -> Callable:
    """Register `rule` (HTML from `template`) and `json_rules` (default: `rule` + `.json`) for a data view."""
    def register(build: Callable[..., dict | View]) -> Callable[..., dict | View]:
        def html(**params):
            view = _view(build(**params))
            extras = view.extras() if view.extras else {}
            return render_template(template, data=view.data, args=request.args, **extras)

        def json(**params):
            return jsonify(_view(build(**params)).data)

        bp.add_url_rule(rule, build.__name__, html)
        for json_rule in json_rules or (rule + ".json",):
            bp.add_url_rule(json_rule, build.__name__ + "_json", json)
        return build
    return register


def _view(built: dict | View) -> View:
    return built if isinstance(built, View) else View(built)
