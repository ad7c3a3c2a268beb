"""Time limits for one document, so that no pattern and no input can stall a corpus run.

A :class:`Deadline` is float-like: ``float(deadline)`` is how long the next pattern call may run,
the per-pattern limit or what is left of the document's budget, whichever is less (0 once the
budget is spent: the call then stops at once). It goes wherever the ``regex`` module takes a
``timeout``, so every rule call, line after line and stage after stage, checks the budget without
the matching code knowing about it.
"""

from __future__ import annotations

import time


class Deadline:
    """The time one document has left: ``budget`` seconds in all, ``per_call`` for any one pattern call."""

    def __init__(self, budget: float | None, per_call: float | None):
        self.budget = budget
        self.per_call = per_call
        self._end = None if budget is None else time.monotonic() + budget

    @property
    def spent(self) -> bool:
        return self._end is not None and time.monotonic() >= self._end

    @property
    def timeout(self) -> Deadline | None:
        """What to pass as a pattern call's ``timeout``: this deadline, or None when nothing is limited."""
        return None if self.budget is None and self.per_call is None else self

    def __float__(self) -> float:
        if self._end is None:
            return self.per_call
        left = max(0.0, self._end - time.monotonic())
        return left if self.per_call is None else min(left, self.per_call)
