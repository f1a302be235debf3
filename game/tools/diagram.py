"""The story as a diagram: Mermaid (`stateDiagram-v2`) or Graphviz DOT, from `story_graph`.

One cluster per act (labelled "Act II", as the story spells acts), endings styled by kind,
timed scenes marked, chance edges labelled with their weights (dashed in DOT), conditions in
edge tooltips (DOT) or labels (Mermaid), and optionally a walkthrough's path picked out and,
with `graph --lint`, what the linter found in its own style: unreachable scenes greyed and
dashed, soft-locks and dead ends in red, choices never open and outcomes never drawn in red
and dotted. Mermaid's state diagrams cannot style one edge, so there the edge's label says it.

We looked first at transitions' own diagram back ends: they draw one machine's states and
triggers well, but clusters need its hierarchical machine, whose state class (0.9.3) takes no
labels and whose separator rules collide with scene ids, and its DOT back end needs the
`graphviz` package only to produce text we can write directly. So both formats are emitted
here, from the same data `--format json` prints.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from game.transcript import act_name

ENDING_STYLES = {
    "canonical": ("#1f6feb", "#ffffff"),
    "alternate": ("#8957e5", "#ffffff"),
    "death": ("#cf222e", "#ffffff"),
    "arrest": ("#9a6700", "#ffffff"),
}
OTHER_ENDING = ("#57606a", "#ffffff")
PATH_COLOUR = "#d29922"
FAULT_COLOUR = "#cf222e"
"""Soft-locks, dead ends, choices never open and outcomes never drawn."""
UNREACHABLE = ("#eaeef2", "#6e7781")
"""Fill and text of a scene no play reaches."""
TIMED_COLOUR = "#0969da"
LABEL_WEIGHT = 24
"""Characters of a weight shown on an edge; a longer one is cut (DOT's tooltip has it whole)."""


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def act_label(act: int) -> str:
    """"Act II": the act's Roman numeral as the story spells it (never title-cased to "Act Ii")."""
    return "Act " + act_name(act).split(" ", 1)[1]


def _by_act(graph: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    acts: dict[int, list[dict[str, Any]]] = {}
    for scene in graph["scenes"]:
        acts.setdefault(scene["act"], []).append(scene)
    return dict(sorted(acts.items()))


class Edge(NamedTuple):
    """One way a choice can go: a plain choice's target, or one outcome of a chance choice."""

    source: str
    target: str
    choice: str
    """The choice's local id."""
    text: str
    condition: str | None
    weight: str | None
    """The outcome's weight as written; None for a plain choice."""
    marks: tuple[str, ...]
    """`never-open` (the choice) and `never-drawn` (the outcome), from `graph --lint`."""

    def words(self) -> str:
        """The edge's label: the choice id, `w=` and its weight when drawn by chance, and the lint marks."""
        weight = self.weight if self.weight is None or len(self.weight) <= LABEL_WEIGHT else self.weight[: LABEL_WEIGHT - 1] + "…"
        out = self.choice + (f" w={weight}" if weight is not None else "")
        return out + "".join(f" ({m.replace('-', ' ')})" for m in self.marks)


def _edges(graph: dict[str, Any]) -> Iterator[Edge]:
    for choice in graph["choices"]:
        local = choice["id"].rpartition(".")[2]
        opened = tuple(choice.get("lint") or ())
        outcomes = choice.get("outcomes")
        if not outcomes:
            for target in choice["to"]:
                yield Edge(choice["from"], target, local, choice.get("text", ""), choice.get("if"), None, opened)
            continue
        for outcome in outcomes:
            marks = opened + tuple(outcome.get("lint") or ())
            yield Edge(choice["from"], outcome["to"], local, choice.get("text", ""), choice.get("if"), outcome["weight"], marks)


def _path_edges(visited: list[str]) -> set[tuple[str, str]]:
    return set(zip(visited, visited[1:]))


def _scene_label(scene: dict[str, Any], ids: bool, newline: str) -> str:
    label = scene["title"]
    timer = scene.get("timer")
    if timer:
        label += f"{newline}(timed: {timer['seconds']} s, then {timer['default']})"
    if ids:
        label += f"{newline}[{scene['id']}]"
    marks = scene.get("lint") or ()
    if marks:
        label += newline + ", ".join(m.upper().replace("-", " ") for m in marks)
    return label


def to_mermaid(graph: dict[str, Any], visited: list[str] | None = None, *, ids: bool = False, rankdir: str | None = None) -> str:
    """`visited`: the scenes of a playthrough, in order, to highlight."""
    on_path = set(visited or [])
    path_edges = _path_edges(visited or [])
    lines = ["---", f"title: {_label(graph['title'])}", "---", "stateDiagram-v2"]
    if rankdir:
        lines.append(f"  direction {rankdir}")
    kinds = sorted({s["ending"]["kind"] for s in graph["scenes"] if s["ending"]})
    for kind in kinds:
        fill, text = ENDING_STYLES.get(kind, OTHER_ENDING)
        lines.append(f"  classDef ending_{kind} fill:{fill},color:{text},font-weight:bold")
    lines.append(f"  classDef path stroke:{PATH_COLOUR},stroke-width:4px")
    lines.append(f"  classDef timed stroke:{TIMED_COLOUR},stroke-width:2px")
    lines.append(f"  classDef unreachable fill:{UNREACHABLE[0]},color:{UNREACHABLE[1]},stroke:{UNREACHABLE[1]},stroke-dasharray:5 5")
    lines.append(f"  classDef fault fill:#ffebe9,color:{FAULT_COLOUR},stroke:{FAULT_COLOUR},stroke-width:3px")
    for act, scenes in _by_act(graph).items():
        lines.append(f'  state "{act_label(act)}" as act_{act} {{')
        for scene in scenes:
            lines.append(f'    state "{_label(_scene_label(scene, ids, " "))}" as {scene["id"]}')
        lines.append("  }")
    lines.append(f"  [*] --> {graph['start']}")
    merged: dict[tuple[str, str], list[str]] = {}
    for edge in _edges(graph):
        condition = f" [if {edge.condition}]" if edge.condition else ""
        merged.setdefault((edge.source, edge.target), []).append(edge.words() + condition)
    for (source, target), labels in merged.items():
        marker = " ★" if (source, target) in path_edges else ""
        lines.append(f"  {source} --> {target}: {_label(' | '.join(dict.fromkeys(labels)))}{marker}")
    for scene in graph["scenes"]:
        if scene["ending"]:
            lines.append(f"  {scene['id']} --> [*]")
            lines.append(f"  class {scene['id']} ending_{scene['ending']['kind']}")
        if scene.get("timer"):
            lines.append(f"  class {scene['id']} timed")
        marks = scene.get("lint") or ()
        if "unreachable" in marks:
            lines.append(f"  class {scene['id']} unreachable")
        elif marks:
            lines.append(f"  class {scene['id']} fault")
        if scene["id"] in on_path:
            lines.append(f"  class {scene['id']} path")
    return "\n".join(lines) + "\n"


def to_dot(graph: dict[str, Any], visited: list[str] | None = None, *, ids: bool = False, rankdir: str | None = None) -> str:
    on_path = set(visited or [])
    path_edges = _path_edges(visited or [])
    q = lambda s: '"' + _label(s) + '"'  # noqa: E731 - a one-character quoting helper
    lines = [
        f"digraph {q(graph['title'])} {{",
        f"  graph [rankdir={rankdir or 'LR'}, fontname=Helvetica, compound=true];",
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f6f8fa\", fontname=Helvetica];",
        "  edge [fontname=Helvetica, fontsize=10];",
        "  start [shape=point, width=0.2];",
    ]
    for act, scenes in _by_act(graph).items():
        lines.append(f"  subgraph cluster_act_{act} {{")
        lines.append(f"    label={q(act_label(act))}; style=rounded; color=\"#8c959f\";")
        for scene in scenes:
            label = _scene_label(scene, ids, "\n").replace("\\", "\\\\").replace('"', "'").replace("\n", "\\n")
            attrs = [f'label="{label}"']
            marks = scene.get("lint") or ()
            if scene["ending"]:
                fill, text = ENDING_STYLES.get(scene["ending"]["kind"], OTHER_ENDING)
                attrs += [f'fillcolor="{fill}"', f'fontcolor="{text}"', "peripheries=2"]
            if "unreachable" in marks:
                attrs += [f'fillcolor="{UNREACHABLE[0]}"', f'fontcolor="{UNREACHABLE[1]}"', f'color="{UNREACHABLE[1]}"', 'style="rounded,filled,dashed"']
            elif marks:
                attrs += ['fillcolor="#ffebe9"', f'fontcolor="{FAULT_COLOUR}"', f'color="{FAULT_COLOUR}"', "penwidth=3"]
            elif scene.get("timer"):
                attrs += [f'color="{TIMED_COLOUR}"', "penwidth=2"]
            if scene["id"] in on_path:
                attrs += [f'color="{PATH_COLOUR}"', "penwidth=3"]
            lines.append(f"    {q(scene['id'])} [{', '.join(attrs)}];")
        lines.append("  }")
    lines.append(f"  start -> {q(graph['start'])};")
    for edge in _edges(graph):
        tooltip = f"{edge.source}.{edge.choice}: {edge.text}"
        if edge.condition:
            tooltip += f" | if: {edge.condition}"
        if edge.weight is not None:
            tooltip += f" | weight: {edge.weight}"
        attrs = [f"label={q(edge.words())}", f"tooltip={q(tooltip)}"]
        if edge.marks:  # a choice never open is dotted; an outcome never drawn keeps its chance dashes
            attrs += [f'color="{FAULT_COLOUR}"', f'fontcolor="{FAULT_COLOUR}"', "style=dotted" if "never-open" in edge.marks else "style=dashed"]
        elif edge.weight is not None:
            attrs.append("style=dashed")
        if (edge.source, edge.target) in path_edges:
            attrs += [f'color="{PATH_COLOUR}"', "penwidth=3"]
        lines.append(f"  {q(edge.source)} -> {q(edge.target)} [{', '.join(attrs)}];")
    if any("lint" in scene for scene in graph["scenes"]):
        lines += _dot_legend()
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_legend() -> list[str]:
    """A key to `--lint`'s styles; its nodes' names hold a ':', which no scene id can."""
    return [
        "  subgraph cluster_legend {",
        '    label="graph --lint"; style=rounded; color="#8c959f"; fontsize=10;',
        f'    "legend:scene" [label="scene"]; "legend:unreachable" [label="unreachable", fillcolor="{UNREACHABLE[0]}", fontcolor="{UNREACHABLE[1]}", color="{UNREACHABLE[1]}", style="rounded,filled,dashed"];',
        f'    "legend:fault" [label="soft-lock or dead end", fillcolor="#ffebe9", fontcolor="{FAULT_COLOUR}", color="{FAULT_COLOUR}", penwidth=3];',
        '    "legend:scene" -> "legend:unreachable" [label="chance w=weight", style=dashed];',
        f'    "legend:scene" -> "legend:fault" [label="never open", color="{FAULT_COLOUR}", fontcolor="{FAULT_COLOUR}", style=dotted];',
        f'    "legend:unreachable" -> "legend:fault" [label="never drawn", color="{FAULT_COLOUR}", fontcolor="{FAULT_COLOUR}", style=dashed];',
        "  }",
    ]
