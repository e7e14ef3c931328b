"""The command tree of the reports: loaded in ONE query, then walked in Python.

Reports aggregate per command in the database first and roll the totals up over the hierarchy here,
so no query ever runs per row, per sub-command or per level (see docs/REPORTS.md). Which records a
user may see is decided by :mod:`dnqp.access.scoping` alone; the tree only says in which row of a
report a command's records count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from dnqp.access import scoping
from partnerships.models import Command

RECORDED = "recorded"
CURRENT = "current"
BY_VALUES = (RECORDED, CURRENT)


class Node(NamedTuple):
    id: int
    parent_id: int | None
    code: str
    name: str
    level: str
    is_border: bool
    valid_until: datetime.date | None
    successor_id: int | None
    border_countries: str  # "" or country codes joined with "," (partnerships.choices.BORDER_COUNTRY_CHOICES)
    sort_order: int


@dataclass
class Tree:
    """All commands, with the parent links of one mode (``recorded`` or ``current``)."""

    nodes: dict[int, Node]
    by: str
    today: datetime.date
    _placed: dict[int, int] = field(default_factory=dict)
    _path: dict[int, tuple[int, ...]] = field(default_factory=dict)
    _row_keys: dict[int | None, dict[int, int]] = field(default_factory=dict)
    _children: dict[int | None, list[int]] = field(default_factory=dict)
    _below: dict[int | None, list[int]] | None = None  # by parent links: the commands under each (None: top level)

    @classmethod
    def load(cls, *, by: str = RECORDED, today: datetime.date | None = None) -> Tree:
        rows = Command.objects.order_by().values_list(*Node._fields)
        return cls(nodes={row[0]: Node(*row) for row in rows}, by=by, today=today or timezone.localdate())

    def commands_under(self, user, scope: int | None):
        """The ids of the commands whose records count under ``scope`` in this mode and that ``user`` may
        see (:func:`dnqp.access.scoping.commands_under`); None: no limit."""
        return scoping.commands_under(user, scope, follow_mergers=self.by == CURRENT)

    def exists(self, pk: int) -> bool:
        until = self.nodes[pk].valid_until
        return until is None or until >= self.today

    def placed(self, pk: int) -> int:
        """The command whose records ``pk``'s records count as.

        Recorded: ``pk`` itself. Current: follow ``successor`` while the command is dissolved; a command
        dissolved without a successor hands its records to the place of its parent (the nearest command
        that still exists); a top-level one with no successor keeps them (nowhere else to go).
        """
        if self.by == RECORDED:
            return pk
        if pk in self._placed:
            return self._placed[pk]
        seen = set()
        node = pk
        while True:
            seen.add(node)
            if self.exists(node):
                break
            nxt = self.nodes[node].successor_id or self.nodes[node].parent_id
            if nxt is None or nxt in seen or nxt not in self.nodes:
                break
            node = nxt
        self._placed[pk] = node
        return node

    def parent(self, pk: int) -> int | None:
        """The parent of ``pk`` in this mode (for a command that is itself a place)."""
        parent = self.nodes[pk].parent_id
        if parent is None or parent not in self.nodes:
            return None
        return self.placed(parent)

    def path(self, pk: int) -> tuple[int, ...]:
        """Where ``pk``'s records sit: their place, then its parents up to the top."""
        if pk in self._path:
            return self._path[pk]
        place = self.placed(pk)
        if place != pk:
            result = self._path[pk] = self.path(place)
            return result
        # Walk up to the first place whose path is known, then fill in the paths on the way back down
        # (every place's path is computed once, however many commands sit under it).
        chain: list[int] = []
        on_chain: set[int] = set()
        node = pk
        while node is not None and node not in on_chain and node not in self._path:
            chain.append(node)
            on_chain.add(node)
            node = self.parent(node)
        above: tuple[int, ...] = self._path[node] if node is not None and node in self._path else ()
        for place in reversed(chain):
            if place in above:  # a loop in the data: stop where it closes, as a plain walk would
                above = ()
            above = (place, *above)
            self._path[place] = above
        return self._path[pk]

    def children(self, pk: int | None) -> list[int]:
        """The places directly under ``pk`` (top-level places for None), in the official order of units
        (``sort_order``, then code)."""
        if pk not in self._children:
            if self.by == RECORDED:  # every command is its own place: its children by parent links
                kids = [n for n in self._below_parents().get(pk, ()) if n != pk]
            else:
                kids = [n for n in self.nodes if n != pk and self.placed(n) == n and self.parent(n) == pk]
            self._children[pk] = sorted(kids, key=lambda n: (self.nodes[n].sort_order, self.nodes[n].code))
        return list(self._children[pk])

    def row_keys(self, scope: int | None) -> dict[int, int]:
        """For every command whose records fall in ``scope``: the row they count in.

        The row is ``scope`` itself (its own records) or the direct child of ``scope`` on their path;
        for the whole tree (``scope`` None) the top-level command of their path.
        """
        if scope in self._row_keys:  # the dashboard asks three times (cards, trend, border meetings)
            return self._row_keys[scope]
        if self.by == RECORDED:  # as recorded a command's place is itself: walk down from the rows only
            self._row_keys[scope] = keys = self._recorded_row_keys(scope)
            return keys
        keys: dict[int, int] = {}
        for pk in self.nodes:
            path = self.path(pk)
            if scope is None:
                keys[pk] = path[-1]
            elif scope in path:
                i = path.index(scope)
                keys[pk] = path[i - 1] if i > 0 else scope
        self._row_keys[scope] = keys
        return keys

    def _below_parents(self) -> dict[int | None, list[int]]:
        """The commands under each command by parent links (None: the top level), worked out once per tree."""
        if self._below is None:
            self._below = {}
            for node in self.nodes.values():
                parent = node.parent_id if node.parent_id in self.nodes else None
                self._below.setdefault(parent, []).append(node.id)
        return self._below

    def _recorded_row_keys(self, scope: int | None) -> dict[int, int]:
        below = self._below_parents()
        keys = {} if scope is None else {scope: scope}
        for row in below.get(scope, ()):
            todo, seen = [row], {row}
            while todo:
                pk = todo.pop()
                keys[pk] = row
                for child in below.get(pk, ()):
                    if child not in seen and child != scope:
                        seen.add(child)
                        todo.append(child)
        return keys

    def describe(self, pk: int | None) -> dict:
        if pk is None:
            return {"command": None, "code": None, "name": gettext("All commands")}
        node = self.nodes[pk]
        return {"command": node.id, "code": node.code, "name": node.name}


def resolve_scope(*, user, command, tree: Tree) -> int | None:
    """The command the report is about (None: the whole tree), checked against ``user``'s scope.

    ``command`` is an id or a Command; None means the user's own command (the whole tree for an unlimited
    user). Unknown or outside the user's scope → 404; a user with no command and no unlimited role sees
    nothing (404, fail closed). In ``current`` mode a dissolved command stands for its successor.
    """
    root = scoping.scope_root_id(user)  # no query when the user was loaded with its scope (dnqp.access.accounts)
    if command in (None, ""):
        if root == scoping.ALL:
            return None
        if root is None:
            raise Http404(gettext("You have no command: ask an administrator to assign you one."))
        pk = root
    else:
        try:
            pk = int(getattr(command, "pk", command))
        except (TypeError, ValueError):
            raise Http404(gettext("No such command.")) from None
        if pk not in tree.nodes or not scoping.command_in_scope(user, pk):
            raise Http404(gettext("No such command."))
    return tree.placed(pk)
