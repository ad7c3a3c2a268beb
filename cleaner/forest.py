"""Gradient-boosted trees, evaluated with numpy: the learner of the context stage.

The trees are fitted by ``benchmarks/fit_model.py`` with LightGBM (a fit-time dependency only) and
stored as plain arrays in ``forest.json``. At run time all of a document's lines go down all the
trees at once, one level at a time, so a document costs a few array operations per level, not a
Python step per line and tree.

Every score can be explained: at each split a line passes, the change in the tree's expected value
is credited to the split's feature (Saabas's attribution), so the terms sum exactly to the score.
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass

import numpy as np

CHUNK_ROWS = 1024  # rows explained at once: each holds a term per tree and level until they are added up


@dataclass(frozen=True, eq=False)
class Forest:
    """Every tree's nodes in flat arrays; a leaf is its own child, so a line that reached one stays."""

    names: tuple[str, ...]  # the input columns, in order
    feature: np.ndarray  # split column per node (0 at a leaf)
    threshold: np.ndarray  # a line goes left where its value is <= this
    children: np.ndarray  # node k's left child at 2k, its right child at 2k + 1
    value: np.ndarray  # a leaf's output; an inner node's expected output (for explanations)
    roots: np.ndarray  # each tree's first node
    depth: int  # the deepest leaf: the number of steps every line takes

    def _descend(self, rows: np.ndarray):
        """Each row's node in every tree, level by level, starting at the roots (flat ``take``s:
        the cheapest indexing numpy has)."""
        flat = np.ascontiguousarray(rows, dtype=float).ravel()
        starts = (np.arange(len(rows), dtype=np.intp) * rows.shape[1])[:, None]
        nodes = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        yield nodes
        for _ in range(self.depth):
            values = flat.take(starts + self.feature.take(nodes))
            nodes = self.children.take(2 * nodes + (values > self.threshold.take(nodes)))
            yield nodes

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """The summed output of every tree for each row (a log-odds score)."""
        (leaves,) = collections.deque(self._descend(rows), maxlen=1)  # each level is rows x trees: keep the last
        return self.value.take(leaves).sum(axis=1)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Each row's score as a probability (the trees were fitted on log-odds)."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(rows), -30.0, 30.0)))

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """How much each input moved each row's score, the trees' expected outputs aside: a row of
        terms per row, a column per name."""
        width = len(self.names)
        terms = np.zeros(len(rows) * width)
        for start in range(0, len(rows), CHUNK_ROWS):
            part = rows[start:start + CHUNK_ROWS]
            cells = (np.arange(len(part)) * width)[:, None]  # each row's first term, in the flat terms
            places, changes = [], []
            levels = self._descend(part)
            nodes = next(levels)
            for children in levels:
                # At a leaf the child is the node itself: a change of 0, wherever it is credited.
                places.append(cells + self.feature.take(nodes))
                changes.append(self.value.take(children) - self.value.take(nodes))
                nodes = children
            # bincount adds in input order, level by level, as a loop over the levels would
            # (np.add.at: the same sums, 1.7 times as long).
            terms[start * width:(start + len(part)) * width] = np.bincount(
                np.concatenate(places, axis=None), np.concatenate(changes, axis=None), len(part) * width)
        return terms.reshape(len(rows), width)

    def to_json(self) -> str:
        data = {"names": list(self.names), "depth": self.depth, "roots": self.roots.tolist(),
                "feature": self.feature.tolist(), "threshold": self.threshold.tolist(),
                "left": self.children[0::2].tolist(), "right": self.children[1::2].tolist(),
                "value": self.value.tolist()}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Forest:
        data = json.loads(text)
        return cls.of(tuple(data["names"]), data["feature"], data["threshold"], data["left"], data["right"],
                      data["value"], data["roots"], int(data["depth"]))

    @classmethod
    def of(cls, names: tuple[str, ...], feature, threshold, left, right, value, roots, depth: int) -> Forest:
        """A forest from its nodes' columns (lists or arrays), each child's left and right apart."""
        children = np.empty(2 * len(left), dtype=np.intp)
        children[0::2], children[1::2] = left, right
        return cls(names, np.asarray(feature, dtype=np.intp), np.asarray(threshold, dtype=float), children,
                   np.asarray(value, dtype=float), np.asarray(roots, dtype=np.intp), depth)

    @classmethod
    def from_lightgbm(cls, dump: dict, names: tuple[str, ...]) -> Forest:
        """The trees of a LightGBM booster's ``dump_model()`` (numeric splits, no missing values)."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        depth = 0

        def add(node: dict, level: int) -> int:
            nonlocal depth
            k = len(value)
            for column in (feature, threshold, left, right, value):
                column.append(0)
            if "leaf_value" in node:
                depth = max(depth, level)
                left[k] = right[k] = k
                value[k] = node["leaf_value"]
                return k
            if node["decision_type"] != "<=":
                raise ValueError(f"unsupported split {node['decision_type']!r}")
            feature[k], threshold[k], value[k] = node["split_feature"], node["threshold"], node["internal_value"]
            left[k] = add(node["left_child"], level + 1)
            right[k] = add(node["right_child"], level + 1)
            return k

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return cls.of(names, feature, threshold, left, right, value, roots, depth)
