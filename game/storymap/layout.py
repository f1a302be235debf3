"""Where each scene of the story sits on the map: a layered drawing, top to bottom, act by act.

The classic layered ("Sugiyama") recipe, cut down to what a story needs: every scene gets a
layer (the longest path to it from where its act begins, so each act is a band and the acts
follow each other down the page), a choice that skips layers is carried through them by
waypoints, each layer is ordered by the mean position of what leads into it (fewer
crossings), and columns are given left to right so a chain of scenes stays in one straight
column. Choices are routed as lines: down out of a scene, along a row of the gap between two
layers that belongs to that scene alone, and down into the next. Everything is in character
cells, so the TUI draws it as it is. The story graph is a DAG in practice; an edge that goes
back up (a loop in some pack) is left out of the drawing rather than drawn upwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from textwrap import wrap
from typing import Any

from game.engine.turns import initial_vars
from game.story.model import Story
from game.tools.graph import story_graph

BOX_WIDTH = 22
"""A scene's box, borders included: titles wrap to two lines of `BOX_WIDTH - 4`."""
BOX_HEIGHT = 4
COLUMN = BOX_WIDTH + 4
"""From one column's left edge to the next: a box and the gap beside it."""
LEFT = 1
"""The map's left margin."""
ORDER_SWEEPS = 4
"""Rounds of ordering each layer by the mean position of its parents; more changed nothing on the shipped story."""


@dataclass(frozen=True, slots=True)
class Box:
    scene: str
    act: int
    x: int
    y: int
    title: tuple[str, ...]
    """The title wrapped to the box (at most two lines)."""
    ending: str | None
    """The ending's kind, for an ending scene."""

    @property
    def centre(self) -> int:
        return self.x + BOX_WIDTH // 2


@dataclass(frozen=True, slots=True)
class Route:
    """The line of one or more choices from one scene to another, as cells to join."""

    source: str
    target: str
    choices: tuple[str, ...]
    """The global ids (`scene.choice`) of the choices this line stands for."""
    points: tuple[tuple[int, int], ...]
    """(x, y) corners, joined by straight vertical and horizontal runs; the last is the arrow's cell."""


@dataclass(frozen=True, slots=True)
class ActBand:
    act: int
    y: int
    """The row of the act's heading."""


@dataclass(slots=True)
class MapLayout:
    width: int
    height: int
    boxes: dict[str, Box] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    acts: list[ActBand] = field(default_factory=list)


def layout_story(story: Story) -> MapLayout:
    """The map of `story`, laid out from its graph (`lostbullet graph --format json`); a title
    that names a variable ("Night {nights_watched}") shows its value at the start of a game."""
    graph = story_graph(story)
    start = initial_vars(story)
    for scene in graph["scenes"]:
        template = story.templates.get(scene["title"])
        if template is not None:
            scene["title"] = template.render(start)
    return layout_graph(graph)


def layout_graph(graph: dict[str, Any]) -> MapLayout:
    scenes = {s["id"]: s for s in graph["scenes"]}
    act = {sid: s["act"] or 0 for sid, s in scenes.items()}
    edges: dict[tuple[str, str], list[str]] = {}
    for choice in graph["choices"]:
        for target in choice["to"]:
            if target in scenes:
                edges.setdefault((choice["from"], target), []).append(choice["id"])
    order = _depth_first(graph["start"], scenes, edges)
    position = {sid: n for n, sid in enumerate(order)}
    edges = {(a, b): c for (a, b), c in edges.items() if position[a] < position[b]}
    layer = _layers(order, act, edges)
    edges = {(a, b): c for (a, b), c in edges.items() if layer[a] < layer[b]}  # no line goes back up

    # Waypoints: a choice that skips layers passes through one slot in each layer between.
    chains: dict[tuple[str, str], list[Any]] = {}
    rows: dict[int, list[Any]] = {}
    for sid in order:
        rows.setdefault(layer[sid], []).append(sid)
    for (a, b) in edges:
        chain: list[Any] = [a]
        for level in range(layer[a] + 1, layer[b]):
            waypoint = ("via", a, b, level)
            rows.setdefault(level, []).append(waypoint)
            chain.append(waypoint)
        chain.append(b)
        chains[(a, b)] = chain
    parents: dict[Any, list[Any]] = {}
    for chain in chains.values():
        for up, down in zip(chain, chain[1:]):
            parents.setdefault(down, []).append(up)

    # How far the story goes on below each node: the longer way takes the left, so the main
    # line of the story runs down one column and the short branches (endings) go to the side.
    below: dict[Any, int] = {}
    for chain in chains.values():
        for up, down in zip(chain, chain[1:]):
            below.setdefault(up, 0)
    children: dict[Any, list[Any]] = {}
    for node, ups in parents.items():
        for up in ups:
            children.setdefault(up, []).append(node)
    levels = sorted(rows)
    for level in reversed(levels):
        for node in rows[level]:
            below[node] = 1 + max((below[c] for c in children.get(node, [])), default=0)
    index = {node: n for level in levels for n, node in enumerate(rows[level])}
    for _ in range(ORDER_SWEEPS):
        for level in levels:
            row = rows[level]
            row.sort(key=lambda node: (_mean([index[p] for p in parents.get(node, [])], index[node]), -below[node], index[node]))
            index.update({node: n for n, node in enumerate(row)})

    column: dict[Any, int] = {}
    for level in levels:
        last = -1
        for node in rows[level]:
            ups = sorted(column[p] for p in parents.get(node, []) if p in column)
            wanted = ups[0] if ups else 0  # under the leftmost parent: merges pull the main line back left
            column[node] = max(wanted, last + 1)
            last = column[node]

    # Rows: per layer, the boxes, then the gap to the next layer: one row out, one row per
    # scene whose lines turn (its own), an act heading where an act begins, one row for arrows.
    turning: dict[int, list[Any]] = {}
    for chain in chains.values():
        for up, down in zip(chain, chain[1:]):
            if column[up] != column[down] and up not in turning.setdefault(layer_of(up, layer), []):
                turning[layer_of(up, layer)].append(up)
    result = MapLayout(width=0, height=0)
    level_act = {level: next((act[n] for n in rows[level] if isinstance(n, str)), 0) for level in levels}
    top: dict[int, int] = {}
    bus: dict[Any, int] = {}
    result.acts.append(ActBand(level_act[levels[0]], 0))
    y = 2
    for n, level in enumerate(levels):
        top[level] = y
        y += BOX_HEIGHT
        turns = sorted(turning.get(level, []), key=lambda node: column[node])
        bus.update({node: y + 1 + k for k, node in enumerate(turns)})
        y += 1 + len(turns)  # the row out, then the turning rows
        if n + 1 < len(levels) and level_act[levels[n + 1]] != level_act[level]:
            result.acts.append(ActBand(level_act[levels[n + 1]], y))  # the heading, which lines cross
            y += 1
        y += 1  # the arrows' row
    result.height = y - 1

    def x_of(node: Any) -> int:
        return LEFT + column[node] * COLUMN

    for sid in order:
        scene = scenes[sid]
        lines = wrap(scene["title"], BOX_WIDTH - 4) or [""]
        if len(lines) > 2:
            lines = [lines[0], lines[1][: BOX_WIDTH - 5] + "…"]
        ending = scene["ending"]["kind"] if scene["ending"] else None
        result.boxes[sid] = Box(sid, act[sid], x_of(sid), top[layer[sid]], tuple(lines), ending)

    for (a, b), chain in chains.items():
        points: list[tuple[int, int]] = []
        for up, down in zip(chain, chain[1:]):
            ux, dx = x_of(up) + BOX_WIDTH // 2, x_of(down) + BOX_WIDTH // 2
            start = top[layer_of(up, layer)] + (BOX_HEIGHT if isinstance(up, str) else 0)
            end = top[layer_of(down, layer)] - 1
            if not points:
                points.append((ux, start))
            if ux != dx:
                points += [(ux, bus[up]), (dx, bus[up])]
            if isinstance(down, str):
                points.append((dx, end))
            else:
                points.append((dx, top[layer_of(down, layer)] + BOX_HEIGHT))
        result.routes.append(Route(a, b, tuple(edges[(a, b)]), tuple(_simplify(points))))
    result.width = LEFT + (max(column.values(), default=0) + 1) * COLUMN
    return result


def layer_of(node: Any, layer: dict[str, int]) -> int:
    return layer[node] if isinstance(node, str) else node[3]


def _mean(values: list[int], default: int) -> float:
    return sum(values) / len(values) if values else float(default)


def _depth_first(start: str, scenes: dict[str, Any], edges: dict[tuple[str, str], list[str]]) -> list[str]:
    """Every scene, in a topological order found visiting choices in the order they are written
    (so choice 1 tends to the left)."""
    children: dict[str, list[str]] = {}
    for (a, b) in edges:
        children.setdefault(a, []).append(b)
    done: set[str] = set()
    finished: list[str] = []
    for root in [start, *scenes]:
        if root in done:
            continue
        stack = [(root, iter(children.get(root, [])))]
        done.add(root)
        while stack:
            node, pending = stack[-1]
            child = next((c for c in pending if c not in done), None)
            if child is None:
                finished.append(node)
                stack.pop()
            else:
                done.add(child)
                stack.append((child, iter(children.get(child, []))))
    finished.reverse()  # reverse postorder: a topological order of the whole forest
    return finished


def _layers(order: list[str], act: dict[str, int], edges: dict[tuple[str, str], list[str]]) -> dict[str, int]:
    """Each scene's layer: acts in order, each a band starting below the last; inside an act,
    the longest path from where the act begins."""
    parents: dict[str, list[str]] = {}
    for (a, b) in edges:
        parents.setdefault(b, []).append(a)
    layer: dict[str, int] = {}
    base = 0
    for number in sorted(set(act.values())):
        members = [sid for sid in order if act[sid] == number]
        for sid in members:
            ups = [layer[p] + 1 for p in parents.get(sid, []) if p in layer and act[p] == number]
            layer[sid] = max([base, *ups])
        base = max(layer[sid] for sid in members) + 1
    return layer


def _simplify(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop repeated points and the middle of three in a straight line."""
    out: list[tuple[int, int]] = []
    for point in points:
        if out and out[-1] == point:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == point[0] or out[-2][1] == out[-1][1] == point[1]):
            out[-1] = point
            continue
        out.append(point)
    return out


_laid_out: tuple[Story, MapLayout] | None = None


def layout_for(story: Story) -> MapLayout:
    """`layout_story`, kept for the story last asked about: the map opens many times a game,
    and the story changes only on a reload."""
    global _laid_out
    if _laid_out is None or _laid_out[0] is not story:
        _laid_out = (story, layout_story(story))
    return _laid_out[1]
