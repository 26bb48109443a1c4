"""Batch scoring: any spreadsheet in, every row out (``xacheck batch``).

The pieces, in the order data flows: :mod:`.readers` (files -> batches of text cells), :mod:`.headers`
(column names -> fields), :mod:`.cells` (text -> typed columns), :mod:`.compiler` (conditions ->
Polars expressions), :mod:`.scorer` (a pure batch -> results function), :mod:`.writers` and
:mod:`.summary` (results -> files and tables), :mod:`.runner` (the loop that joins them).
"""
from __future__ import annotations

from .scorer import Layout, Scorer

__all__ = ["Layout", "Scorer"]
