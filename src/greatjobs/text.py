"""Small text helpers shared across the library: normalising names and suggesting close matches."""

from __future__ import annotations

import difflib
import re


def normalise_name(text: str) -> str:
    """Lower-case, '&' as 'and', punctuation dropped, single spaces: for matching names."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def close_matches(word: str, candidates: list[str], n: int = 5) -> list[str]:
    """Candidates that look like ``word``: difflib ratio first, then substring containment."""
    by_norm: dict[str, str] = {}
    for candidate in candidates:
        by_norm.setdefault(normalise_name(candidate), candidate)
    target = normalise_name(word)
    found = difflib.get_close_matches(target, list(by_norm), n=n, cutoff=0.6)
    if len(found) < n and target:
        found += [c for c in by_norm if target in c and c not in found][: n - len(found)]
    return [by_norm[f] for f in found]
