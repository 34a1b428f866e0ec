"""Escaping of untrusted text for map popups, tooltips, labels and table cells."""

from __future__ import annotations

import html
import json
from typing import Any

# After HTML escaping, these still act inside a JavaScript template string (folium puts popup and
# tooltip text in `...`): a backtick ends the string, `${` starts code, a backslash escapes the
# next character. As character references they are inert in JS and still display as themselves.
_JS_TEMPLATE_CHARS = str.maketrans(
    {
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
        "\x00": "\ufffd",
        # line and paragraph separators end a line in older JS engines' string literals
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
    }
)

# Characters that must not appear raw in JSON embedded in a <script> block (`</script>`, `<!--`)
# or that older engines read as line ends.
_SCRIPT_JSON_CHARS = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def safe_text(s: Any) -> str:
    """HTML-escape `s` and neutralise the characters that act inside JS template strings.

    The result is safe as HTML element content, in a quoted HTML attribute, and inside a
    JavaScript template literal (`` ` ``, ``${`` and ``\\`` become character references).
    ``None`` gives ``""``; other non-strings are converted with ``str``.
    """
    if s is None:
        return ""
    return html.escape(str(s), quote=True).translate(_JS_TEMPLATE_CHARS)


def script_json(value: Any) -> str:
    """Compact JSON to embed in a ``<script>`` block: key order kept, cannot close the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_JSON_CHARS)
