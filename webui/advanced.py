"""Advanced search: CNKI's fields (篇名, 作者, 报纸, 版次, 栏目, 日期…) as a form that writes the query.

The form never runs a search of its own: it writes the query language for the
user (title:…, 作者:…, "phrase", -word) and the filters as the results page's
parameters, then sends them there, where the query stands in the search box to
be read, learnt and edited.  One way to search, seen two ways.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from indexer.registry import FILTER

bp = Blueprint("advanced", __name__)
# Form fields written into the query: field name → (how each word is written, label).
WORDS = {"all": ("{}", "全文包含"), "phrase": ('"{}"', "精确短语"), "title": ("title:{}", "篇名包含"),
         "author": ("作者:{}", "作者"), "none": ("-{}", "不含")}
# Form fields sent as the results page's filters (see indexer/registry.py).
FILTERS = ("paper", "page_no", "section", "region", "topic", "tag")
PASSED = ("from", "to", "sort", "mode")


def compose(form) -> str:
    """The query the form's words ask for, in the search box's own language."""
    parts = []
    for name, (shape, _label) in WORDS.items():
        value = " ".join(form.get(name, "").split())
        if not value:
            continue
        if name == "phrase":
            parts.append(shape.format(value.replace('"', "")))
        else:
            parts += [shape.format(word) for word in value.replace('"', "").split()]
    return " ".join(parts)


@bp.route("/advanced")
def advanced():
    """The form; submitted (`go`), the results page of what it asks."""
    args = request.args
    if "go" not in args:
        return render_template("advanced.html", words=WORDS, filters=[FILTER[n] for n in FILTERS], args=args)
    params = {"q": compose(args), "adv": "1"}
    params |= {name: args.get(name) for name in (*FILTERS, *PASSED) if (args.get(name) or "").strip()}
    return redirect(url_for("html.search", **params))
