"""Long alternations of literal words as a trie-shaped regular expression that matches the same.

Python's regex engine tries the alternatives of ``a|b|c`` one after another at every position of
the text, so a list of a few hundred names costs a few hundred tests per character. Factored by
common prefixes (``red\\s+cross|red\\s+crescent`` -> ``red\\s+cr(?:oss|escent)``) it costs a
few. The result is the same match, not just a match: see `alternation`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The atoms a factorable alternative is made of, each matching characters no other atom of a
# different key matches: a letter (only ASCII ones when case is ignored: others fold in
# surprising ways) or digit, whitespace as `\s+`, an escaped punctuation mark (re.escape) or a
# punctuation mark without special meaning.
_PUNCTUATION = r"\\s\+|\\[^\w\s]|[0-9]|[^\w\s\\.^$*+?{}\[\]|()]"
_ATOM = re.compile(_PUNCTUATION + r"|[^\W\d_]")
_ATOM_FOLDED = re.compile(_PUNCTUATION + r"|[A-Za-z]")
_END = ""  # the trie key of "an alternative ends here"
_SPACE = r"\s+"


def alternation(alternatives: Sequence[str], *, ignorecase: bool = False) -> str:
    """``(?:a|b|...)``, factored where that tries the same alternatives in the same order.

    At one position only alternatives that start with the same atoms as the text can match.
    Alternatives made only of `_ATOM`s are grouped by their first atom, keeping their order
    within a group: the order of every two that can both match is kept. Listed longest first
    (so a name comes before any shorter name it starts with), they are factored all the way
    into a trie: two that can both match are then one and a longer continuation of it, and the
    trie tries the longer first, as listed (unless whitespace ends an alternative or repeats:
    a shared `\\s+` giving back characters would try them in another order). Anything else is
    joined as it is. `ignorecase`: the pattern will be compiled with re.IGNORECASE (letters
    are grouped folded).
    """
    alts = list(dict.fromkeys(alternatives))  # a repeated alternative never matches first
    split = [_atoms(a, _ATOM_FOLDED if ignorecase else _ATOM) for a in alts]
    if not alts or any(s is None or s[0] == _SPACE for s in split):
        return "(?:" + "|".join(alts) + ")"
    fold = str.lower if ignorecase else str
    trie: dict = {}
    # Whitespace can end one alternative or be shared: with a shared `\s+` that gives back
    # characters, a trie would interleave the alternatives it yields; not so at a letter.
    if all(len(a) >= len(b) for a, b in zip(alts, alts[1:], strict=False)) and not any(
            s[-1] == _SPACE or (_SPACE, _SPACE) in zip(s, s[1:], strict=False) for s in split):
        for atoms in split:
            node = trie
            for atom in atoms:
                node = node.setdefault(fold(atom), {})
            node[_END] = {}
        return _group(_branches(trie))
    for atoms in split:
        trie.setdefault(fold(atoms[0]), []).append("".join(atoms[1:]))
    return _group([first + _group(rests) for first, rests in trie.items()])


def _atoms(alternative: str, atom: re.Pattern[str]) -> list[str] | None:
    atoms = atom.findall(alternative)
    return atoms if atoms and "".join(atoms) == alternative else None


def _branches(node: dict) -> list[str]:
    return ["" if atom == _END else atom + _group(_branches(child))
            for atom, child in node.items()]


def _group(parts: list[str]) -> str:
    """The alternation of `parts`; a single part needs no group (it is concatenated)."""
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"
