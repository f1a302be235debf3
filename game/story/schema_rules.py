"""What the JSON Schemas say beyond the model's shapes: the rules `validate` checks that JSON
Schema can express too, so an editor flags them as you type.

Pydantic generates the shapes; this adds id patterns (`propertyNames`, `pattern`), "exactly one
of `to` and `outcomes`", "an ending has no choices, any other scene has some", minimums and
`minItems`, the ending kinds as examples, and (for one pack) its own scene, choice and variable
names as enums, so `to:`, `start:` and `timer.default` complete. It also cleans up for hover:
one `title` (the root's), `markdownDescription` beside each `description`, and no `anyOf` with
`null` for keys an author simply leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ID = "^[a-z][a-z0-9_]*$"
VARIABLE = "^[a-z_][a-z0-9_]*$"
KIND = "^[a-z][a-z0-9_-]*$"
KINDS = ["canonical", "alternate", "death", "arrest"]


@dataclass(frozen=True)
class PackNames:
    """The names one pack defines, offered as completions (and checked) in its own schemas."""

    scenes: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    """Local choice ids, each once."""
    variables: list[str] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)


def tidy(node: Any, root: bool = True) -> Any:
    """Drop generated titles below the root, unwrap `anyOf [X, null]`, and mirror descriptions as markdown."""
    if isinstance(node, list):
        return [tidy(item, False) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: tidy(v, False) for k, v in node.items() if not (k == "title" and not root and isinstance(v, str))}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options and len(options) == 2:
        (kept,) = [o for o in options if o != {"type": "null"}]
        node.pop("anyOf")
        if node.get("default") is None:
            node.pop("default", None)
        if "description" in node:  # the key's own words win over its type's
            kept = {k: v for k, v in kept.items() if k not in ("description", "markdownDescription")}
        node = {**kept, **node}
    if isinstance(node.get("description"), str) and "markdownDescription" not in node:
        node["markdownDescription"] = node["description"]
    return node


def _enum(names: list[str]) -> dict[str, Any]:
    return {"enum": sorted(names)} if names else {}


def scene_rules(generated: dict[str, Any], names: PackNames | None) -> dict[str, Any]:
    defs = generated["$defs"]
    scene_id = {"type": "string", "pattern": ID, **_enum(names.scenes if names else [])}
    generated["properties"]["act"]["minimum"] = 1
    generated["properties"]["scenes"]["propertyNames"] = {"pattern": ID}
    scene = defs["Scene"]
    scene["properties"]["act"]["minimum"] = 1
    scene["oneOf"] = [
        {"required": ["ending"], "not": {"required": ["choices"]}},
        {"required": ["choices"], "not": {"required": ["ending"]}, "properties": {"choices": {"minItems": 1}}},
    ]
    choice = defs["Choice"]
    choice["properties"]["id"]["pattern"] = ID
    choice["properties"]["to"].update(scene_id)
    choice["properties"]["outcomes"]["minItems"] = 1
    choice["oneOf"] = [{"required": ["to"], "not": {"required": ["outcomes"]}}, {"required": ["outcomes"], "not": {"required": ["to"]}}]
    outcome = defs["Outcome"]
    outcome["properties"]["to"].update(scene_id)
    outcome["properties"]["weight"]["minimum"] = 0
    ending = defs["Ending"]
    ending["properties"]["id"]["pattern"] = ID
    ending["properties"]["kind"].update({"pattern": KIND, "examples": KINDS})
    defs["Timer"]["properties"]["default"].update({"pattern": ID, **_enum(names.choices if names else [])})
    return generated


def story_rules(generated: dict[str, Any], names: PackNames | None) -> dict[str, Any]:
    generated["properties"]["start"].update({"pattern": ID, **_enum(names.scenes if names else [])})
    generated["properties"]["variables"]["propertyNames"] = {"pattern": VARIABLE}
    return generated


def walk_rules(generated: dict[str, Any], names: PackNames | None) -> dict[str, Any]:
    defs = generated["$defs"]
    expect = defs["Expect"]["properties"]
    if names and names.scenes:
        expect["scene"].update(_enum(names.scenes))
    if names and names.variables:
        expect["vars"]["propertyNames"] = _enum(names.variables)
    if names and names.endings:
        generated["properties"]["ending"].update(_enum(names.endings))
    defs["Choose"]["properties"]["outcome"]["minimum"] = 0
    return generated
