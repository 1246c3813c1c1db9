"""Anchor institution spend: import transparency files into a ledger, exclude non-procurement,
and measure where the money goes (local, deprived areas, SMEs, VCSEs, LM3)."""
