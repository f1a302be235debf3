"""The story as a diagram: Mermaid (`stateDiagram-v2`) or Graphviz DOT, from `story_graph`.

One cluster per act, endings styled by kind, and optionally a walkthrough's path picked out.
We looked first at transitions' own diagram back ends: they draw one machine's states and
triggers well, but clusters need its hierarchical machine, whose state class (0.9.3) takes no
labels and whose separator rules collide with scene ids, and its DOT back end needs the
`graphviz` package only to produce text we can write directly. So both formats are emitted
here, from the same data `--format json` prints.
"""

from __future__ import annotations

from typing import Any

from game.transcript import act_name

ENDING_STYLES = {
    "canonical": ("#1f6feb", "#ffffff"),
    "alternate": ("#8957e5", "#ffffff"),
    "death": ("#cf222e", "#ffffff"),
    "arrest": ("#9a6700", "#ffffff"),
}
OTHER_ENDING = ("#57606a", "#ffffff")
PATH_COLOUR = "#d29922"


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def _by_act(graph: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    acts: dict[int, list[dict[str, Any]]] = {}
    for scene in graph["scenes"]:
        acts.setdefault(scene["act"], []).append(scene)
    return dict(sorted(acts.items()))


def _edges(graph: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for choice in graph["choices"]:
        for target in choice["to"]:
            edges.setdefault((choice["from"], target), []).append(choice["id"].rpartition(".")[2])
    return edges


def _path_edges(visited: list[str]) -> set[tuple[str, str]]:
    return set(zip(visited, visited[1:]))


def to_mermaid(graph: dict[str, Any], visited: list[str] | None = None) -> str:
    """`visited`: the scenes of a playthrough, in order, to highlight."""
    on_path = set(visited or [])
    path_edges = _path_edges(visited or [])
    lines = ["---", f"title: {_label(graph['title'])}", "---", "stateDiagram-v2"]
    kinds = sorted({s["ending"]["kind"] for s in graph["scenes"] if s["ending"]})
    for kind in kinds:
        fill, text = ENDING_STYLES.get(kind, OTHER_ENDING)
        lines.append(f"  classDef ending_{kind} fill:{fill},color:{text},font-weight:bold")
    lines.append(f"  classDef path stroke:{PATH_COLOUR},stroke-width:4px")
    for act, scenes in _by_act(graph).items():
        lines.append(f'  state "{act_name(act).title()}" as act_{act} {{')
        for scene in scenes:
            lines.append(f'    state "{_label(scene["title"])}" as {scene["id"]}')
        lines.append("  }")
    lines.append(f"  [*] --> {graph['start']}")
    for (source, target), labels in _edges(graph).items():
        marker = " ★" if (source, target) in path_edges else ""
        lines.append(f"  {source} --> {target}: {_label(' | '.join(labels))}{marker}")
    for scene in graph["scenes"]:
        if scene["ending"]:
            lines.append(f"  {scene['id']} --> [*]")
            lines.append(f"  class {scene['id']} ending_{scene['ending']['kind']}")
        if scene["id"] in on_path:
            lines.append(f"  class {scene['id']} path")
    return "\n".join(lines) + "\n"


def to_dot(graph: dict[str, Any], visited: list[str] | None = None) -> str:
    on_path = set(visited or [])
    path_edges = _path_edges(visited or [])
    q = lambda s: '"' + _label(s) + '"'  # noqa: E731 - a one-character quoting helper
    lines = [
        f"digraph {q(graph['title'])} {{",
        "  graph [rankdir=LR, fontname=Helvetica, compound=true];",
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f6f8fa\", fontname=Helvetica];",
        "  edge [fontname=Helvetica, fontsize=10];",
        "  start [shape=point, width=0.2];",
    ]
    for act, scenes in _by_act(graph).items():
        lines.append(f"  subgraph cluster_act_{act} {{")
        lines.append(f"    label={q(act_name(act).title())}; style=rounded; color=\"#8c959f\";")
        for scene in scenes:
            attrs = [f"label={q(scene['title'])}"]
            if scene["ending"]:
                fill, text = ENDING_STYLES.get(scene["ending"]["kind"], OTHER_ENDING)
                attrs += [f'fillcolor="{fill}"', f'fontcolor="{text}"', "peripheries=2"]
            if scene["id"] in on_path:
                attrs += [f'color="{PATH_COLOUR}"', "penwidth=3"]
            lines.append(f"    {q(scene['id'])} [{', '.join(attrs)}];")
        lines.append("  }")
    lines.append(f"  start -> {q(graph['start'])};")
    for (source, target), labels in _edges(graph).items():
        attrs = [f"label={q(', '.join(labels))}"]
        if (source, target) in path_edges:
            attrs += [f'color="{PATH_COLOUR}"', "penwidth=3"]
        lines.append(f"  {q(source)} -> {q(target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
