"""Gradient-boosted trees, evaluated with numpy: the learner of the context stage.

The trees are fitted by ``benchmarks/fit_model.py`` with LightGBM (a fit-time dependency only) and
stored as plain arrays in ``forest.json``. At run time all of a document's lines go down all the
trees at once, one level at a time, so a document costs a few array operations per level, not a
Python step per line and tree.

Every score can be explained: at each split a line passes, the change in the tree's expected value
is credited to the split's feature (Saabas's attribution), so the terms sum exactly to the score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Forest:
    """Every tree's nodes in flat arrays; a leaf is its own child, so a line that reached one stays."""

    names: tuple[str, ...]  # the input columns, in order
    feature: np.ndarray  # split column per node (0 at a leaf)
    threshold: np.ndarray  # a line goes left where its value is <= this
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # a leaf's output; an inner node's expected output (for explanations)
    roots: np.ndarray  # each tree's first node
    depth: int  # the deepest leaf: the number of steps every line takes

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """The summed output of every tree for each row (a log-odds score)."""
        if not len(rows):
            return np.zeros(0)
        nodes = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        lines = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            goes_left = rows[lines, self.feature[nodes]] <= self.threshold[nodes]
            nodes = np.where(goes_left, self.left[nodes], self.right[nodes])
        return self.value[nodes].sum(axis=1)

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """How much each input moved each row's score, the trees' expected outputs aside: a row of
        terms per row, a column per name."""
        terms = np.zeros((len(rows), len(self.names)))
        nodes = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        lines = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            columns = self.feature[nodes]
            children = np.where(rows[lines, columns] <= self.threshold[nodes], self.left[nodes], self.right[nodes])
            # At a leaf the child is the node itself: a change of 0, wherever it is credited.
            np.add.at(terms, (np.broadcast_to(lines, nodes.shape), columns), self.value[children] - self.value[nodes])
            nodes = children
        return terms

    def to_json(self) -> str:
        data = {"names": list(self.names), "depth": self.depth, "roots": self.roots.tolist()}
        data.update({key: getattr(self, key).tolist() for key in ("feature", "threshold", "left", "right", "value")})
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Forest:
        data = json.loads(text)
        return cls(tuple(data["names"]), np.array(data["feature"], dtype=np.intp), np.array(data["threshold"]),
                   np.array(data["left"], dtype=np.intp), np.array(data["right"], dtype=np.intp),
                   np.array(data["value"]), np.array(data["roots"], dtype=np.intp), int(data["depth"]))

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
        return cls(names, np.array(feature, dtype=np.intp), np.array(threshold, dtype=float),
                   np.array(left, dtype=np.intp), np.array(right, dtype=np.intp), np.array(value, dtype=float),
                   np.array(roots, dtype=np.intp), depth)
