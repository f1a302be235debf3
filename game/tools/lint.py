"""The linter: what a pack that loads can still get wrong.

Static checks run on the frozen story: scenes and endings no path reaches, conditions that can
never hold, variables never used (LB104), written but never read (LB120) or never changed, silent loops, duplicate choice texts, and
scaffolded placeholder text left in (LB113), choices the story ignores (LB115, in
`ignored`, which `--deep` completes on the explored states), text parts that never show on any
path to their scene (LB116, from the flow analysis in `flow`), outcomes a weight of 0 never
draws (LB117, LB118) and effects that change nothing (LB119).
"Can never hold" comes from a flow-insensitive value analysis: each variable's possible values
are its initial value plus everything any effect could write, clamped to its declared range;
a condition is reported only when no combination of those values makes it true, so the
analysis can miss a problem but never invents one. `--deep` confirms with the exhaustive
explorer, which also finds dead ends and soft-locks.

Intervals are exact Python ints inside `INT_MIN..INT_MAX`, the range the engine clamps every
number into, so "unbounded" is that range, never a float infinity a huge literal would overflow.
Each node is evaluated once (both truths at a time), so the analysis is linear in the expression.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator

from game import collector
from game.diagnostics import Code, Codes, Diagnostic, Span
from game.expr.check import INT_MAX, INT_MIN, int_range
from game.expr.parse import Expr, names_in
from game.story.model import Choice, Story, Variable
from game.story.placeholder import MARK
from game.tools.flow import arrival_values, can_hold, describe
from game.tools.ignored import deep_ignored, static_ignored

if TYPE_CHECKING:  # the search itself is imported only when --deep runs
    from game.tools.statespace import StateSpace


@dataclass(frozen=True)
class _Abs:
    """An abstract value: an interval for numbers, a set for strings (None: any), or which truths are possible."""

    kind: str  # int | set | bool
    lo: int = INT_MIN
    hi: int = INT_MAX
    values: frozenset[Any] | None = None
    can_true: bool = True
    can_false: bool = True


ANY_BOOL = _Abs("bool")


def _truth(can_true: bool, can_false: bool) -> _Abs:
    return _Abs("bool", can_true=can_true, can_false=can_false)


class _Domains:
    """What each variable can hold anywhere in the story."""

    def __init__(self, story: Story) -> None:
        self.vars: dict[str, Variable] = dict(story.variables)
        self.abs: dict[str, _Abs] = {}
        raw: dict[str, set[Any] | None] = {}
        bounds: dict[str, list[int]] = {}
        for name, var in self.vars.items():
            if var.type == "int":
                bounds[name] = [var.initial, var.initial]
            else:
                raw[name] = {var.initial}
        for effect in _effects(story):
            var = self.vars[effect.target]
            value = effect.value
            literal = value.value if isinstance(value, ast.Constant) else None
            if var.type == "int":
                low, high = int_range(var.min, var.max)
                b = bounds[effect.target]
                if effect.op == "=" and isinstance(literal, int):
                    b[0], b[1] = min(b[0], literal), max(b[1], literal)
                elif effect.op != "=" and isinstance(literal, int):
                    up = literal if effect.op == "+=" else -literal
                    if up > 0:
                        b[1] = high
                    elif up < 0:
                        b[0] = low
                else:
                    b[0], b[1] = low, high
            elif effect.op == "=" and literal is not None and raw[effect.target] is not None:
                raw[effect.target].add(literal)  # type: ignore[union-attr]
            elif var.type == "bool":
                raw[effect.target] = {True, False}
            elif var.type == "enum":
                raw[effect.target] = set(var.values or ())
            else:
                raw[effect.target] = None
        for name, var in self.vars.items():
            if var.type == "int":
                self.abs[name] = _Abs("int", bounds[name][0], bounds[name][1])
            elif var.type == "bool":
                seen = raw[name] or {True, False}
                self.abs[name] = _truth(True in seen, False in seen)
            else:
                values = raw[name]
                self.abs[name] = _Abs("set", values=None if values is None else frozenset(values))

    def describe(self, name: str) -> str:
        a = self.abs[name]
        if a.kind == "int":
            lo = "" if a.lo == INT_MIN else a.lo
            hi = "" if a.hi == INT_MAX else a.hi
            return f"'{name}' can only be {lo}..{hi}" if lo != hi else f"'{name}' is always {lo}"
        if a.kind == "bool":
            return f"'{name}' is always {'true' if a.can_true else 'false'}"
        shown = ", ".join(repr(v) for v in sorted(a.values or ()))
        return f"'{name}' can only be {shown}"

    def eval(self, node: ast.expr) -> _Abs:
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool):
                return _truth(v, not v)
            if isinstance(v, int):
                return _Abs("int", v, v)
            return _Abs("set", values=frozenset([v]))
        if isinstance(node, ast.Name):
            return self.abs.get(node.id, ANY_BOOL)
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return _truth(all(p.can_true for p in parts), any(p.can_false for p in parts))
            return _truth(any(p.can_true for p in parts), all(p.can_false for p in parts))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):  # one look at the operand: two would double per `not`
                t = self.truth(node.operand)
                return _truth(t.can_false, t.can_true)
            inner = self.eval(node.operand)
            if isinstance(node.op, ast.USub) and inner.kind == "int":
                return _Abs("int", -inner.hi, -inner.lo)
            return inner
        if isinstance(node, ast.BinOp):
            a, b = self.eval(node.left), self.eval(node.right)
            if a.kind == b.kind == "int" and isinstance(node.op, (ast.Add, ast.Sub)):
                if isinstance(node.op, ast.Add):
                    return _clamped(a.lo + b.lo, a.hi + b.hi)
                return _clamped(a.lo - b.hi, a.hi - b.lo)
            return _Abs("int")
        if isinstance(node, ast.IfExp):
            test = self.truth(node.test)
            if not test.can_false:
                return self.eval(node.body)
            if not test.can_true:
                return self.eval(node.orelse)
            return _join(self.eval(node.body), self.eval(node.orelse))
        if isinstance(node, ast.Compare):
            result = _truth(True, False)
            left = node.left
            for op, right in zip(node.ops, node.comparators):
                pair = self.compare(op, left, right)
                result = _truth(result.can_true and pair.can_true, result.can_false or pair.can_false)
                left = right
            return result
        return ANY_BOOL

    def truth(self, node: ast.expr) -> _Abs:
        value = self.eval(node)
        return value if value.kind == "bool" else ANY_BOOL

    def compare(self, op: ast.cmpop, left: ast.expr, right: ast.expr) -> _Abs:
        a = self.eval(left)
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List)):
            members = [self.eval(e) for e in right.elts]
            hit = [_overlap(a, m) for m in members]
            always = [_equal_always(a, m) for m in members]
            result = _truth(any(hit), not any(always))
            return result if isinstance(op, ast.In) else _truth(result.can_false, result.can_true)
        b = self.eval(right)
        if isinstance(op, (ast.Eq, ast.NotEq)):
            result = _truth(_overlap(a, b), not _equal_always(a, b))
            return result if isinstance(op, ast.Eq) else _truth(result.can_false, result.can_true)
        if a.kind != "int" or b.kind != "int":
            return ANY_BOOL
        if isinstance(op, ast.Lt):
            return _truth(a.lo < b.hi, a.hi >= b.lo)
        if isinstance(op, ast.LtE):
            return _truth(a.lo <= b.hi, a.hi > b.lo)
        if isinstance(op, ast.Gt):
            return _truth(a.hi > b.lo, a.lo <= b.hi)
        if isinstance(op, ast.GtE):
            return _truth(a.hi >= b.lo, a.lo < b.hi)
        return ANY_BOOL


def _clamped(lo: int, hi: int) -> _Abs:
    """An arithmetic result, clamped into the range as the engine clamps it."""
    return _Abs("int", min(max(lo, INT_MIN), INT_MAX), min(max(hi, INT_MIN), INT_MAX))


def _join(a: _Abs, b: _Abs) -> _Abs:
    if a.kind != b.kind:
        return _Abs(a.kind) if a.kind != "bool" else ANY_BOOL
    if a.kind == "int":
        return _Abs("int", min(a.lo, b.lo), max(a.hi, b.hi))
    if a.kind == "bool":
        return _truth(a.can_true or b.can_true, a.can_false or b.can_false)
    if a.values is None or b.values is None:
        return _Abs("set")
    return _Abs("set", values=a.values | b.values)


def _as_set(a: _Abs) -> frozenset[Any] | None:
    if a.kind == "bool":
        return frozenset(v for v, ok in ((True, a.can_true), (False, a.can_false)) if ok)
    return a.values


def _overlap(a: _Abs, b: _Abs) -> bool:
    if a.kind == b.kind == "int":
        return a.lo <= b.hi and b.lo <= a.hi
    sa, sb = _as_set(a), _as_set(b)
    return sa is None or sb is None or bool(sa & sb)


def _equal_always(a: _Abs, b: _Abs) -> bool:
    if a.kind == b.kind == "int":
        return a.lo == a.hi == b.lo == b.hi
    sa, sb = _as_set(a), _as_set(b)
    return sa is not None and sb is not None and len(sa) == 1 and sa == sb


def _may_both_open(domains: _Domains, first: Choice, second: Choice) -> bool:
    """Could both choices be offered at once? Decided exactly over small domains, else assumed.

    Two choices with the same words under exclusive conditions (`if: lucky` / `if: not
    lucky`) are never on screen together, so they are not a duplicate.
    """
    if first.if_ is None or second.if_ is None:
        return True
    names = sorted(names_in(first.if_.tree) | names_in(second.if_.tree))
    values: list[list[Any]] = []
    for name in names:
        a = domains.abs[name]
        var = domains.vars[name]
        if a.kind == "bool":
            values.append([v for v, ok in ((True, a.can_true), (False, a.can_false)) if ok])
        elif a.kind == "int" and a.hi - a.lo <= 64:
            values.append(list(range(a.lo, a.hi + 1)))
        elif a.kind == "set" and a.values is not None:
            values.append(sorted(a.values, key=str))
        elif var.type == "enum":
            values.append(list(var.values or ()))
        else:
            return True  # too wide to enumerate: say what we see
    from itertools import product

    from game.expr.compile import compile_expr

    test_a, test_b = compile_expr(first.if_.tree), compile_expr(second.if_.tree)
    combos = 1
    for v in values:
        combos *= max(len(v), 1)
    if combos > 100_000:
        return True
    return any(test_a(env) and test_b(env) for env in (dict(zip(names, combo)) for combo in product(*values)))


def _choices(story: Story) -> Iterator[tuple[str, int, Choice]]:
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices):
            yield sid, i, choice


def _effects(story: Story) -> Iterator[Any]:
    for _, _, choice in _choices(story):
        yield from choice.do
        for outcome in choice.outcomes or ():
            yield from outcome.do


def _placeholders(story: Story, sid: str) -> Iterator[tuple[Span, str]]:
    """Where a scene's title, prose or choice texts still carry the scaffold's mark."""
    scene = story.scenes[sid]
    if MARK in scene.title:
        yield story.locate(sid, "title"), f"the title of scene '{sid}'"
    for i, part in enumerate(scene.text):
        if MARK in part.text:
            yield story.locate(sid, "text", i, "text"), f"the text of scene '{sid}'"
    for i, choice in enumerate(scene.choices):
        if MARK in choice.text:
            yield story.locate(sid, "choices", i, "text"), f"choice '{sid}.{choice.id}'"


def lint(story: Story) -> list[Diagnostic]:
    """Every static finding, warnings by default (see the catalogue in diagnostics.py)."""
    found: list[Diagnostic] = []
    domains = _Domains(story)

    def add(code: Code, span: Span, message: str, hint: str | None = None) -> None:
        found.append(Diagnostic(code, span, message, hint))

    def never_true(expr: Expr) -> str | None:
        if domains.truth(expr.tree).can_true:
            return None
        names = sorted(n for n in names_in(expr.tree) if n in domains.abs)
        why = "; ".join(domains.describe(n) for n in names)
        return f"this condition can never hold ({why})" if why else "this condition can never hold"

    open_edges: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    arrival = arrival_values(story)
    for sid, scene in story.scenes.items():
        for span, what in _placeholders(story, sid):
            add(Codes.PLACEHOLDER_TEXT, span, f"{what} still holds the placeholder text `lostbullet new` wrote", f"rewrite the text marked {MARK}")
        for i, part in enumerate(scene.text):
            if part.if_ is None:
                continue
            if why := never_true(part.if_):
                add(Codes.NEVER_TRUE_CONDITION, story.locate(sid, "text", i, "if"), why, "this text is never shown")
            elif sid in arrival and not can_hold(part.if_, arrival[sid]):
                values = describe(names_in(part.if_.tree), arrival[sid])
                add(
                    Codes.NEVER_SHOWN_TEXT,
                    story.locate(sid, "text", i, "if"),
                    f"this text part never shows: on every path to '{sid}', {values}",
                    "no path that leads here gives them the values that would show it; change the condition, or the effects on the way",
                )
        _weights_and_effects(story, sid, add)
        texts: dict[str, int] = {}
        for i, choice in enumerate(scene.choices):
            if choice.if_ is not None and (why := never_true(choice.if_)):
                add(Codes.NEVER_TRUE_CONDITION, story.locate(sid, "choices", i, "if"), why, f"choice '{choice.id}' is never offered")
            else:
                for k, outcome in enumerate(choice.outcomes or ()):
                    if domains.eval(outcome.weight.tree).hi > 0:
                        open_edges[sid].add(outcome.to)
                if choice.to is not None:
                    open_edges[sid].add(choice.to)
            key = " ".join(choice.text.casefold().split())
            if key in texts and _may_both_open(domains, scene.choices[texts[key]], choice):
                add(
                    Codes.DUPLICATE_CHOICE_TEXT,
                    story.locate(sid, "choices", i, "text"),
                    f"choice '{choice.id}' reads the same as choice '{scene.choices[texts[key]].id}'",
                    "players cannot tell them apart; reword one",
                )
            else:
                texts[key] = i
            if choice.to == sid and not choice.do:
                add(Codes.SILENT_LOOP, story.locate(sid, "choices", i, "to"), f"choice '{choice.id}' leads back to '{sid}' and changes nothing", "give it an effect, or lead it elsewhere")
            for k, outcome in enumerate(choice.outcomes or ()):
                if outcome.to == sid and not choice.do and not outcome.do:
                    add(Codes.SILENT_LOOP, story.locate(sid, "choices", i, "outcomes", k, "to"), f"an outcome of '{choice.id}' leads back to '{sid}' and changes nothing")

    reached = {story.start}
    queue = deque([story.start])
    while queue:
        for target in open_edges[queue.popleft()]:
            if target not in reached:
                reached.add(target)
                queue.append(target)
    for sid, scene in story.scenes.items():
        if sid in reached:
            continue
        if scene.ending is not None:
            add(Codes.UNREACHABLE_ENDING, story.locate(sid, "ending", "id"), f"ending '{scene.ending.id}' cannot be reached from '{story.start}'")
        else:
            add(Codes.UNREACHABLE_SCENE, story.locate(sid, key=True), f"scene '{sid}' cannot be reached from '{story.start}'")

    def may_both_open(a: Choice, b: Choice) -> bool:  # a choice LB103 closes for good pairs with nothing
        closed = any(c.if_ is not None and not domains.truth(c.if_.tree).can_true for c in (a, b))
        return not closed and _may_both_open(domains, a, b)

    found += static_ignored(story, reached, may_both_open)
    reads, writes = _reads_and_writes(story)
    for name in story.variables:
        span = story.locate_header("variables", name, key=True)
        if name not in reads and name in writes:
            sites = [story.locate(sid, *path).render() for sid in story.scenes for path, e in _effect_places(story, sid) if e.target == name]
            shown = ", ".join(sites[:3]) + (f" and {len(sites) - 3} more" if len(sites) > 3 else "")
            add(Codes.WRITE_ONLY_VARIABLE, span, f"variable '{name}' is written but never read (written at {shown})", "read it in a condition, weight, effect or {name}, or remove it and its effects")
        elif name not in reads:
            add(Codes.UNUSED_VARIABLE, span, f"variable '{name}' is never used", "use it in a condition, weight, effect or {name}, or remove it")
        elif name not in writes:
            add(Codes.NEVER_WRITTEN_VARIABLE, span, f"variable '{name}' is read but never changes from its initial value", "set it in an effect, or replace it with its value")
    return found


def _choice_span(story: Story, sid: str, choice_id: str | None, at_weights: bool) -> Span:
    """Where an engine error happens: the weights of a choice whose every outcome came to 0
    (`at_weights`), the choice whose effects failed, or the scene when the choice is not known."""
    for i, choice in enumerate(story.scenes[sid].choices):
        if choice.id == choice_id:
            return story.locate(sid, "choices", i, "outcomes" if at_weights else "id", key=at_weights)
    return story.locate(sid, key=True)


def _weightless(space: StateSpace, scene_id: str, choice_id: str | None, state: int | None) -> bool:
    """Whether the chance choice `choice_id` draws from weights that are all 0 in `state`, read from
    the compiled story and the state's values (the engine error it causes is then at its weights)."""
    if state is None:
        return False
    from game.engine.rules import weights  # deferred with the search that needs it

    choice = space.scenes[scene_id].by_id.get(choice_id or "")
    if choice is None or not choice.outcomes:
        return False
    return sum(weights(choice, dict(zip(space.names, space.states[state][1])))) <= 0


def _weights_and_effects(story: Story, sid: str, add: Callable[[Code, Span, str, str | None], None]) -> None:
    """Outcomes a constant weight of 0 never draws, and effects that change nothing."""
    for i, choice in enumerate(story.scenes[sid].choices):
        zero = [k for k, o in enumerate(choice.outcomes or ()) if _constant(o.weight.tree) == 0]
        if choice.outcomes and len(zero) == len(choice.outcomes):
            add(Codes.ZERO_WEIGHTS, story.locate(sid, "choices", i, "outcomes", key=True), f"every outcome of choice '{choice.id}' has weight 0, so taking it fails in play", "give at least one outcome a positive weight")
        else:
            for k in zero:
                add(Codes.NEVER_DRAWN_OUTCOME, story.locate(sid, "choices", i, "outcomes", k, "weight"), f"this outcome of choice '{choice.id}' has weight 0 and is never drawn", "give it a positive weight, or remove it")
    for path, effect in _effect_places(story, sid):
        same = isinstance(effect.value, ast.Name) and effect.value.id == effect.target and effect.op == "="
        if same or (effect.op != "=" and _constant(effect.value) == 0):
            add(Codes.NO_OP_EFFECT, story.locate(sid, *path), f"the effect '{effect.source}' changes nothing", "remove it, or write the change you meant")


def _effect_places(story: Story, sid: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Each effect of a scene's choices and outcomes, with its path below the scene."""
    for i, choice in enumerate(story.scenes[sid].choices):
        for j, effect in enumerate(choice.do):
            yield ("choices", i, "do", j), effect
        for k, outcome in enumerate(choice.outcomes or ()):
            for j, effect in enumerate(outcome.do):
                yield ("choices", i, "outcomes", k, "do", j), effect


def _constant(node: ast.expr) -> Any:
    """A literal whole number's value (a leading minus included), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        return -value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _reads_and_writes(story: Story) -> tuple[set[str], set[str]]:
    reads: set[str] = set()
    writes: set[str] = set()
    for template in story.templates.values():
        reads.update(template.pieces[1::2])
    for scene in story.scenes.values():
        for part in scene.text:
            if part.if_ is not None:
                reads |= names_in(part.if_.tree)
    for _, _, choice in _choices(story):
        if choice.if_ is not None:
            reads |= names_in(choice.if_.tree)
        for outcome in choice.outcomes or ():
            reads |= names_in(outcome.weight.tree)
    for effect in _effects(story):
        writes.add(effect.target)
        reads |= names_in(effect.value)
    return reads, writes


@collector.paused()  # passes over every state of a search, which the collector would walk again and again
def lint_deep(story: Story, max_states: int, static: list[Diagnostic], space: StateSpace | None = None) -> list[Diagnostic]:
    """Findings only the exhaustive explorer can prove, in the same diagnostic form.

    What `static` (the output of `lint`) already says is not said again. `space` is a search
    already made in this run (`validate --deep --stats` explores once); else one is made.
    """
    from game.tools.explore import exhaustive_report  # deferred: only --deep explores
    from game.tools.relevance import live_control_variables
    from game.tools.statespace import search
    from game.tools.witness import in_the_way, never_open, when

    searched = space if space is not None else search(story, max_states)
    report = exhaustive_report(searched)
    live = live_control_variables(story)
    found: list[Diagnostic] = []

    def values_at(state: int | None) -> str:
        return "" if state is None else when(searched, state, live)

    def path_hint(path: list[str]) -> str:
        return "reached by " + (" -> ".join(path) if path else "the start")

    if not report.complete:
        found.append(
            Diagnostic(Codes.DEEP_INCOMPLETE, Span(story.root), f"--deep stopped after {report.states} states; its checks are incomplete", "raise --max-states")
        )
    for f in report.dead_ends:
        found.append(Diagnostic(Codes.DEAD_END, story.locate(f.scene, key=True), f"scene '{f.scene}' can be reached with no choice open{values_at(f.state)}", path_hint(f.path)))
    for f in report.softlocks:
        found.append(Diagnostic(Codes.SOFT_LOCK, story.locate(f.scene, key=True), f"from scene '{f.scene}' no ending can be reached{values_at(f.state)}", path_hint(f.path)))
    said = {d.span for d in static}
    for f in report.errors:
        at = _choice_span(story, f.scene, f.choice, _weightless(searched, f.scene, f.choice, f.state))
        if at not in said:  # LB118 already says every weight is 0
            found.append(Diagnostic(Codes.ENGINE_ERROR, at, f"{f.message}{values_at(f.state)}", path_hint(f.path)))
    found += deep_ignored(searched)  # each pair found proves itself, complete search or not
    if not report.complete:
        return found
    for sid, i, choice in _choices(story):
        if choice.if_ is not None and story.locate(sid, "choices", i, "if") in said:
            continue
        if f"{sid}.{choice.id}" not in report.opened and sid in report.scenes:
            why = f": {never_open(searched, sid, choice)}" if choice.if_ is not None else ""
            message = f"choice '{sid}.{choice.id}' is never open in any reachable state ({report.states} explored){why}"
            found.append(Diagnostic(Codes.NEVER_OPEN_CHOICE, story.locate(sid, "choices", i, "if" if choice.if_ is not None else "id"), message))
    for sid, scene in story.scenes.items():
        if sid in report.scenes or story.locate(sid, key=True) in said:
            continue
        if scene.ending is not None:
            if story.locate(sid, "ending", "id") in said:
                continue
            found.append(Diagnostic(Codes.UNREACHABLE_ENDING, story.locate(sid, "ending", "id"), f"ending '{scene.ending.id}' is never reached ({report.states} states explored); {in_the_way(searched, sid)}"))
        else:
            found.append(Diagnostic(Codes.UNREACHABLE_SCENE, story.locate(sid, key=True), f"scene '{sid}' is never reached ({report.states} states explored); {in_the_way(searched, sid)}"))
    return found
